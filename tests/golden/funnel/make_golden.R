# Golden values for qikit.spread.funnel (see README.md beside this file).
#
#   Rscript tests/golden/funnel/make_golden.R [path/to/medpar.rda]
#
# Writes, beside this script:
#   cases.csv           one row per case: the options and the scalar results (phi, tau2)
#   <case>.csv          one row per unit: the inputs y, n, group and the reference's
#                       own columns, named as the reference names them
#   <case>_limits.csv   limits at given x (FunnelPlotR's calculate_limits, PHE's
#                       funnel tables, Spiegelhalter's formulas in base R)
#
# Every number is written with 17 significant digits so nothing is lost in the CSV.
# The data are synthetic (seeded) except FunnelPlotR's own test data (6 units) and
# its documented medpar example (COUNT::medpar, aggregated to one row per provider).

suppressPackageStartupMessages({
  library(FunnelPlotR)
  library(PHEindicatormethods)
})

args <- commandArgs(trailingOnly = TRUE)
medpar_file <- if (length(args) >= 1) args[1] else "/tmp/medpar.rda"
out_dir <- local({
  file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
  if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg))) else "."
})

fmt17 <- function(df) {
  for (col in names(df)) {
    if (is.numeric(df[[col]])) df[[col]] <- sprintf("%.17g", df[[col]])
  }
  df
}
write_golden <- function(df, name) {
  write.csv(fmt17(as.data.frame(df)), file.path(out_dir, name), row.names = FALSE,
            quote = TRUE, na = "")
}

cases <- list()
add_case <- function(case, kind, method, approximation = "exact",
                     overdispersion = "", trim = 0.1, sr_method = "shmi",
                     multiply = 1, target = NA, phi = NA, tau2 = NA,
                     limits_file = "") {
  cases[[length(cases) + 1]] <<- data.frame(
    case = case, file = paste0(case, ".csv"), kind = kind, method = method,
    approximation = approximation, overdispersion = overdispersion, trim = trim,
    sr_method = sr_method, multiply = multiply, target = target, phi = phi,
    tau2 = tau2, limits_file = limits_file, stringsAsFactors = FALSE)
}

# ----------------------------------------------------------------- synthetic data
set.seed(20261201)
make_props <- function(k, nmin, nmax, p, od) {
  n <- round(exp(runif(k, log(nmin), log(nmax))))
  pi <- rbeta(k, p * od, (1 - p) * od)          # over-dispersed true proportions
  data.frame(group = sprintf("U%02d", seq_len(k)), y = rbinom(k, n, pi), n = n)
}
make_counts <- function(k, emin, emax, cv) {
  e <- exp(runif(k, log(emin), log(emax)))
  rr <- rgamma(k, shape = 1 / cv^2, rate = 1 / cv^2)  # over-dispersed true ratios
  data.frame(group = sprintf("U%02d", seq_len(k)), y = rpois(k, e * rr), n = e)
}
props_small <- make_props(12, 8, 60, 0.15, 40)
props_large <- make_props(30, 200, 5000, 0.3, 60)
ratio_small <- make_counts(15, 2, 40, 0.1)
ratio_large <- make_counts(40, 50, 2000, 0.15)
rates <- local({
  d <- make_counts(20, 5000, 200000, 0.2)
  d$y <- rpois(20, d$n * 0.002 * rgamma(20, 25, 25))
  d
})
fpr_test <- data.frame(group = c("a", "b", "c", "d", "e", "f"),
                       y = c(100, 150, 180, 80, 120, 225),
                       n = c(108, 112, 165, 95, 100, 220))

# ------------------------------------------------------------------- FunnelPlotR
fpr_run <- function(d, data_type, sr_method = "SHMI", trim = 0.1, multiplier = 1,
                    draw_adjusted = TRUE) {
  one <- function(limit) {
    suppressMessages(funnel_plot(d, numerator = y, denominator = n, group = group,
                                 data_type = data_type, sr_method = sr_method,
                                 trim_by = trim, multiplier = multiplier,
                                 draw_adjusted = draw_adjusted,
                                 draw_unadjusted = !draw_adjusted, limit = limit,
                                 label = NA))
  }
  f95 <- one(95)
  f99 <- one(99)
  agg <- f95$aggregated_data
  agg$outlier95 <- agg$outlier
  agg$outlier99 <- f99$aggregated_data$outlier[match(agg$group,
                                                    f99$aggregated_data$group)]
  # phi and tau2 as FunnelPlotR estimates them (it reports 0 when not adjusting)
  est <- if (draw_adjusted) f95 else suppressMessages(
    funnel_plot(d, numerator = y, denominator = n, group = group,
                data_type = data_type, sr_method = sr_method, trim_by = trim,
                multiplier = multiplier, draw_adjusted = TRUE, label = NA))
  keep <- intersect(c("group", "numerator", "denominator", "rr", "Uzscore",
                      "Wuzscore", "LCL95", "UCL95", "LCL99", "UCL99", "OD95LCL",
                      "OD95UCL", "OD99LCL", "OD99UCL", "outlier95", "outlier99"),
                    names(agg))
  out <- agg[order(match(agg$group, d$group)), keep]
  out$y <- d$y[match(out$group, d$group)]
  out$n <- d$n[match(out$group, d$group)]
  list(frame = out, phi = est$phi, tau2 = est$tau2,
       adjusted = f95$draw_adjusted, lookup = f95$limits_lookup)
}
fpr_case <- function(case, d, kind, data_type, overdispersion, ...) {
  r <- fpr_run(d, data_type, draw_adjusted = overdispersion == "additive", ...)
  write_golden(r$frame, paste0(case, ".csv"))
  dots <- list(...)
  add_case(case, kind, "funnelplotr", overdispersion = overdispersion,
           trim = if (is.null(dots$trim)) 0.1 else dots$trim,
           sr_method = tolower(if (is.null(dots$sr_method)) "SHMI" else dots$sr_method),
           multiply = if (is.null(dots$multiplier)) 1 else dots$multiplier,
           phi = r$phi, tau2 = r$tau2)
  invisible(r)
}

fpr_case("fpr_test_shmi", fpr_test, "ratio", "SR", "additive")
fpr_case("fpr_test_shmi_unadjusted", fpr_test, "ratio", "SR", "")
fpr_case("fpr_test_cqc", fpr_test, "ratio", "SR", "additive", sr_method = "CQC",
         trim = 0.05, multiplier = 100)
fpr_case("fpr_ratio_large_shmi", ratio_large, "ratio", "SR", "additive")
fpr_case("fpr_ratio_large_cqc", ratio_large, "ratio", "SR", "additive",
         sr_method = "CQC")
fpr_case("fpr_ratio_small_unadjusted", ratio_small, "ratio", "SR", "")
fpr_case("fpr_props_small", props_small, "proportion", "PR", "additive")
fpr_case("fpr_props_small_unadjusted", props_small, "proportion", "PR", "",
         multiplier = 100)
fpr_case("fpr_props_large", props_large, "proportion", "PR", "additive",
         multiplier = 100)
fpr_case("fpr_rates", rates, "rate", "RC", "additive", multiplier = 1000)
fpr_case("fpr_rates_unadjusted", rates, "rate", "RC", "")

# FunnelPlotR's documented example: COUNT::medpar, Poisson model of length of stay
load(medpar_file)
medpar$provnum <- factor(medpar$provnum)
medpar$los <- as.numeric(medpar$los)
mod <- glm(los ~ hmo + died + age80 + factor(type), family = "poisson",
           data = medpar)
medpar$prds <- predict(mod, type = "response")
medpar_units <- aggregate(list(y = medpar$los, n = medpar$prds),
                          by = list(group = as.character(medpar$provnum)), FUN = sum)
medpar_units <- medpar_units[order(match(medpar_units$group,
                                         unique(as.character(medpar$provnum)))), ]
fpr_case("fpr_medpar", medpar_units, "ratio", "SR", "additive")
fpr_case("fpr_medpar_cqc", medpar_units, "ratio", "SR", "additive", sr_method = "CQC")
fpr_case("fpr_medpar_unadjusted", medpar_units, "ratio", "SR", "")

# FunnelPlotR's Poisson-limit test (tests/testthat/test-poisson_limits.R), and its
# limits at a few x for each data type and tau2
fpr_limits <- do.call(rbind, lapply(list(
  list("SR", "SHMI", FALSE, 0, 1), list("SR", "SHMI", TRUE, 0.02, 1),
  list("SR", "CQC", TRUE, 0.02, 100), list("RC", "SHMI", TRUE, 0.01, 1000),
  list("RC", "SHMI", FALSE, 0, 1)), function(a) {
    x <- c(2.5, 15, 20, 30, 123.45, 1000)
    target <- if (a[[1]] == "SR") 1 else 0.004
    lims <- FunnelPlotR:::calculate_limits(data.frame(number_seq = x),
                                           data_type = a[[1]], sr_method = a[[2]],
                                           multiplier = a[[5]], tau2 = a[[4]],
                                           target = target, draw_adjusted = a[[3]])
    names(lims) <- sub("^od", "", names(lims))
    data.frame(data_type = a[[1]], sr_method = tolower(a[[2]]),
               adjusted = a[[3]], tau2 = a[[4]], multiply = a[[5]],
               target = target, x = x, ll95 = lims$ll95, ul95 = lims$ul95,
               ll998 = lims$ll998, ul998 = lims$ul998)
  }))
write_golden(fpr_limits, "fpr_limits.csv")

# ---------------------------------------------------------- PHEindicatormethods
phe_prop_case <- function(case, d, multiply) {
  sig <- assign_funnel_significance(d, y, n, statistic = "proportion",
                                    multiplier = multiply)
  lim <- calculate_funnel_limits(d, y, n, statistic = "proportion",
                                 multiplier = multiply, type = "standard")
  write_golden(data.frame(group = d$group, y = d$y, n = d$n,
                          significance = as.character(sig$significance)),
               paste0(case, ".csv"))
  write_golden(lim, paste0(case, "_limits.csv"))
  add_case(case, "proportion", "phe", multiply = multiply,
           limits_file = paste0(case, "_limits.csv"))
}
phe_prop_case("phe_props_small", props_small, 100)
phe_prop_case("phe_props_large", props_large, 1)

phe_ratio_case <- function(case, d) {
  sig <- assign_funnel_significance(d, y, n, statistic = "ratio")
  lim <- calculate_funnel_limits(d, y, n, statistic = "ratio", multiplier = 100,
                                 ratio_type = "isr", type = "standard")
  write_golden(data.frame(group = d$group, y = d$y, n = d$n,
                          significance = as.character(sig$significance)),
               paste0(case, ".csv"))
  write_golden(lim, paste0(case, "_limits.csv"))
  add_case(case, "ratio", "phe", multiply = 100,
           limits_file = paste0(case, "_limits.csv"))
}
phe_ratio_case("phe_ratio_small", ratio_small)
phe_ratio_case("phe_ratio_large", ratio_large)

phe_rate_case <- function(case, d, multiply) {
  d$rate <- d$y / d$n * multiply
  sig <- assign_funnel_significance(d, y, n, rate = rate, statistic = "rate",
                                    rate_type = "crude", multiplier = multiply)
  lim <- calculate_funnel_limits(d, y, n, rate = rate, statistic = "rate",
                                 rate_type = "crude", multiplier = multiply,
                                 years_of_data = 1, type = "standard")
  write_golden(data.frame(group = d$group, y = d$y, n = d$n,
                          significance = as.character(sig$significance)),
               paste0(case, ".csv"))
  write_golden(lim, paste0(case, "_limits.csv"))
  add_case(case, "rate", "phe", multiply = multiply,
           limits_file = paste0(case, "_limits.csv"))
}
phe_rate_case("phe_rates", rates, 1e5)
rates_small <- local({
  d <- rates
  d$n <- d$n / 40          # small populations: units with fewer than 10 events
  d$y <- rpois(nrow(d), d$n * 0.002)
  d
})
phe_rate_case("phe_rates_small", rates_small, 1000)

# A directly standardised rate: qikit takes PHE's derived denominator y × multiplier
# / DSR as n; PHE gives units with fewer than 10 events no significance
phe_dsr <- local({
  d <- rates
  d$y[1:3] <- c(4, 7, 9)  # and a few units with fewer than 10 events
  d$dsr <- d$y / d$n * 1e5 * runif(nrow(d), 0.8, 1.25)
  d <- d[d$y > 0, ]
  sig <- assign_funnel_significance(d, y, n, rate = dsr, statistic = "rate",
                                    rate_type = "dsr", multiplier = 1e5)
  lim <- calculate_funnel_limits(d, y, rate = dsr, statistic = "rate",
                                 rate_type = "dsr", multiplier = 1e5,
                                 years_of_data = 1, type = "standard")
  write_golden(data.frame(group = d$group, y = d$y, n = 1e5 * d$y / d$dsr,
                          dsr = d$dsr, significance = as.character(sig$significance)),
               "phe_rates_dsr.csv")
  write_golden(lim, "phe_rates_dsr_limits.csv")
  add_case("phe_rates_dsr", "rate", "phe", multiply = 1e5,
           limits_file = "phe_rates_dsr_limits.csv")
})

# ---------------------------------------- Spiegelhalter (2005), base R from the paper
# Exact limits: r_p = qbinom(p, n, theta) (or qpois), alpha = (F(r_p) - p) /
# (F(r_p) - F(r_p - 1)), limit (r_p - alpha)/n. Normal: theta +/- z s. Over-dispersion
# (Spiegelhalter 2005, QSHC): z winsorised at the type-7 quantiles, phi = mean(zw^2),
# tau2 = DerSimonian-Laird, multiplicative theta +/- z sqrt(phi) s, additive
# theta +/- z sqrt(s^2 + tau2).
sp_exact <- function(kind, p, x, theta) {
  if (kind == "proportion") {
    r <- qbinom(p, x, theta)
    f <- pbinom(r, x, theta)
    fm <- pbinom(r - 1, x, theta)
  } else {
    r <- qpois(p, theta * x)
    f <- ppois(r, theta * x)
    fm <- ppois(r - 1, theta * x)
  }
  (r - (f - p) / (f - fm)) / x
}
sp_se <- function(kind, theta, x) {
  if (kind == "proportion") sqrt(theta * (1 - theta) / x) else sqrt(theta / x)
}
sp_case <- function(case, d, kind, approximation, overdispersion = "", multiply = 1,
                    target = NA, trim = 0.1) {
  theta <- if (!is.na(target)) target else if (kind == "ratio") 1 else sum(d$y) / sum(d$n)
  s <- sp_se(kind, theta, d$n)
  z <- (d$y / d$n - theta) / s
  lz <- quantile(z, trim)
  uz <- quantile(z, 1 - trim)
  zw <- ifelse(z < lz, lz, ifelse(z > uz, uz, z))
  k <- length(z)
  phi <- sum(zw^2) / k
  w <- 1 / s^2
  tau2 <- max(0, (k * phi - (k - 1)) / (sum(w) - sum(w^2) / sum(w)))
  adjusted <- overdispersion != "" && phi > 1
  lim <- function(x) {
    out <- list()
    for (lev in c("95", "998")) {
      p <- if (lev == "95") c(0.025, 0.975) else c(0.001, 0.999)
      if (approximation == "exact") {
        lo <- sp_exact(kind, p[1], x, theta)
        hi <- sp_exact(kind, p[2], x, theta)
      } else {
        sx <- sp_se(kind, theta, x)
        sigma <- if (!adjusted) sx else if (overdispersion == "multiplicative")
          sqrt(phi) * sx else sqrt(sx^2 + tau2)
        lo <- theta - qnorm(p[2]) * sigma
        hi <- theta + qnorm(p[2]) * sigma
      }
      lo <- pmax(lo, 0)  # limits are clipped at 0, and proportions at 1
      hi <- if (kind == "proportion") pmin(pmax(hi, 0), 1) else pmax(hi, 0)
      out[[paste0("lcl_", lev)]] <- lo * multiply
      out[[paste0("ucl_", lev)]] <- hi * multiply
    }
    as.data.frame(out)
  }
  units <- cbind(data.frame(group = d$group, y = d$y, n = d$n,
                            value = d$y / d$n * multiply, z = z), lim(d$n))
  units$outside_95 <- units$value < units$lcl_95 | units$value > units$ucl_95
  units$outside_998 <- units$value < units$lcl_998 | units$value > units$ucl_998
  units$outside_95 <- units$outside_95 | units$outside_998
  if (adjusted) {
    units$z_adjusted <- if (overdispersion == "multiplicative") z / sqrt(phi) else
      (d$y / d$n - theta) / sqrt(s^2 + tau2)
  }
  write_golden(units, paste0(case, ".csv"))
  at <- if (kind == "proportion") c(1, 2, 5, 10, 37, 100, 1000, 25000) else
    c(0.3, 1, 2.5, 10, 37.5, 100, 1000, 25000)
  write_golden(cbind(data.frame(n = at), lim(at)), paste0(case, "_limits.csv"))
  add_case(case, kind, "spiegelhalter", approximation = approximation,
           overdispersion = overdispersion, multiply = multiply, target = target,
           trim = trim, phi = phi, tau2 = tau2,
           limits_file = paste0(case, "_limits.csv"))
}
for (kind_data in list(list("proportion", props_small, "props_small"),
                       list("proportion", props_large, "props_large"),
                       list("ratio", ratio_small, "ratio_small"),
                       list("ratio", ratio_large, "ratio_large"),
                       list("rate", rates, "rates"))) {
  kind <- kind_data[[1]]
  d <- kind_data[[2]]
  stem <- paste0("sp_", kind_data[[3]])
  m <- if (kind == "rate") 1000 else 1
  sp_case(paste0(stem, "_exact"), d, kind, "exact", multiply = m)
  sp_case(paste0(stem, "_normal"), d, kind, "normal", multiply = m)
  sp_case(paste0(stem, "_multiplicative"), d, kind, "normal", "multiplicative",
          multiply = m)
  sp_case(paste0(stem, "_additive"), d, kind, "normal", "additive", multiply = m,
          trim = 0.05)
}
sp_case("sp_props_small_target", props_small, "proportion", "exact", target = 0.2,
        multiply = 100)
sp_case("sp_ratio_small_target", ratio_small, "ratio", "exact", target = 1.1)

write_golden(do.call(rbind, cases), "cases.csv")
writeLines(c(
  paste("R", paste(R.version$major, R.version$minor, sep = ".")),
  paste("FunnelPlotR", as.character(packageVersion("FunnelPlotR"))),
  paste("PHEindicatormethods", as.character(packageVersion("PHEindicatormethods")))),
  file.path(out_dir, "versions.txt"))
