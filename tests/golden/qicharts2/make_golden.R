# Generates qikit golden data and qicharts2 reference outputs.
# Run: Rscript make_golden.R  (needs the qicharts2 0.8.1 R sources in QIC_SRC)
QIC_SRC <- Sys.getenv('QIC_SRC', '/tmp/ref/qicharts2/R')
OUT     <- Sys.getenv('GOLDEN_DIR', '/work/main/tests/golden')
for (f in list.files(QIC_SRC, full.names = TRUE, pattern = '[.]R$')) source(f)
options(qic.screenedmr = TRUE)   # what library(qicharts2) sets in .onAttach()
Sys.setenv(TZ = 'UTC')
dir.create(file.path(OUT, 'data'), showWarnings = FALSE, recursive = TRUE)
dir.create(file.path(OUT, 'qicharts2'), showWarnings = FALSE, recursive = TRUE)

fmt_num <- function(v) ifelse(is.na(v), '', sprintf('%.15g', v))
fmt_lgl <- function(v) ifelse(is.na(v), '', ifelse(v, 'TRUE', 'FALSE'))
fmt_x   <- function(v) {
  if (inherits(v, 'POSIXct')) return(format(v, '%Y-%m-%d', tz = 'UTC'))
  if (is.numeric(v)) return(fmt_num(v))
  as.character(v)
}
write_data <- function(df, name) {
  out <- df
  for (k in names(out)) {
    if (inherits(out[[k]], 'Date')) out[[k]] <- format(out[[k]], '%Y-%m-%d')
    else if (is.numeric(out[[k]])) out[[k]] <- fmt_num(out[[k]])
  }
  write.csv(out, file.path(OUT, 'data', paste0(name, '.csv')), row.names = FALSE,
            quote = FALSE, na = '')
}
calls <- character()
# run one case: expr is a qic(...) call with return.data = TRUE, evaluated here
run_case <- function(name, call, screened = TRUE, n_from_length = FALSE) {
  options(qic.screenedmr = screened)
  d <- eval(call)
  options(qic.screenedmr = TRUE)
  calls[[name]] <<- paste0(if (!screened) 'options(qic.screenedmr = FALSE); ' else '',
                           paste(deparse(call, width.cutoff = 500), collapse = ' '))
  n <- if (n_from_length) d$y.length else d$n
  pts <- data.frame(x = fmt_x(d$x), y = fmt_num(d$y), n = fmt_num(n), part = d$part,
                    include = fmt_lgl(d$include), baseline = fmt_lgl(d$baseline),
                    cl = fmt_num(d$cl), lcl = fmt_num(d$lcl), ucl = fmt_num(d$ucl),
                    sigma_signal = fmt_lgl(d$sigma.signal),
                    runs_signal = fmt_lgl(d$runs.signal))
  write.csv(pts, file.path(OUT, 'qicharts2', paste0(name, '_points.csv')),
            row.names = FALSE, quote = FALSE)
  s <- summary.qic(list(data = d))
  sm <- data.frame(part = s$part, n_obs = s$n.obs, n_useful = s$n.useful,
                   longest_run = fmt_num(s$longest.run),
                   longest_run_max = fmt_num(s$longest.run.max),
                   n_crossings = fmt_num(s$n.crossings),
                   n_crossings_min = fmt_num(s$n.crossings.min),
                   runs_signal = fmt_lgl(s$runs.signal == 1),
                   cl = fmt_num(s$CL), lcl = fmt_num(s$aLCL), ucl = fmt_num(s$aUCL),
                   sigma_signal = s$sigma.signal)
  write.csv(sm, file.path(OUT, 'qicharts2', paste0(name, '_summary.csv')),
            row.names = FALSE, quote = FALSE)
  invisible(d)
}

months <- function(start, k) seq(as.Date(start), by = 'month', length.out = k)

# ---- a. run charts --------------------------------------------------------------
set.seed(20240601)
run_shift <- data.frame(month = months('2022-01-01', 24),
                        y = round(c(rnorm(12, 20, 2), rnorm(12, 24, 2)), 1))
write_data(run_shift, 'run_shift')
run_case('run_shift', quote(qic(month, y, data = run_shift, return.data = TRUE)))
run_case('run_shift_freeze12',
         quote(qic(month, y, data = run_shift, freeze = 12, return.data = TRUE)))

# integer data with many values equal to the median (6)
run_median <- data.frame(x = 1:20,
                         y = c(6, 7, 6, 5, 6, 8, 6, 4, 7, 6, 6, 5, 9, 6, 6, 3, 6, 7, 5, 6))
write_data(run_median, 'run_median')
run_case('run_median', quote(qic(x, y, data = run_median, return.data = TRUE)))

# several y per x: aggregated with agg.fun (default mean; also median)
set.seed(515)
k <- sample(3:8, 12, replace = TRUE)
multi <- data.frame(month = rep(months('2023-01-01', 12), k),
                    delay = round(rnorm(sum(k), 22, 5)))
multi <- multi[sample(nrow(multi)), ]        # unsorted input rows
write_data(multi, 'multi_per_month')
run_case('run_agg_mean', quote(qic(month, delay, data = multi, return.data = TRUE)))
run_case('run_agg_median', quote(qic(month, delay, data = multi, agg.fun = 'median',
                                     return.data = TRUE)))
run_case('i_agg_mean', quote(qic(month, delay, data = multi, chart = 'i',
                                 return.data = TRUE)))

# ---- b. I and MR charts -----------------------------------------------------------
set.seed(424242)
i_data <- data.frame(x = 1:24, y = round(rnorm(24, 50, 3), 1))
i_data$y[5] <- 80    # a freak value: two very large moving ranges
write_data(i_data, 'i_outlier')
run_case('i_freeze12_screened', quote(qic(x, y, data = i_data, chart = 'i', freeze = 12,
                                          return.data = TRUE)))
run_case('i_freeze12_unscreened', quote(qic(x, y, data = i_data, chart = 'i', freeze = 12,
                                            return.data = TRUE)), screened = FALSE)
run_case('i_screened', quote(qic(x, y, data = i_data, chart = 'i', return.data = TRUE)))
run_case('i_unscreened', quote(qic(x, y, data = i_data, chart = 'i', return.data = TRUE)),
         screened = FALSE)
run_case('i_exclude5', quote(qic(x, y, data = i_data, chart = 'i', exclude = 5,
                                 return.data = TRUE)))
run_case('i_part12', quote(qic(x, y, data = i_data, chart = 'i', part = 12,
                               return.data = TRUE)))
run_case('mr_freeze12', quote(qic(x, y, data = i_data, chart = 'mr', freeze = 12,
                                  return.data = TRUE)))
run_case('mr', quote(qic(x, y, data = i_data, chart = 'mr', return.data = TRUE)))
run_case('mr_exclude5', quote(qic(x, y, data = i_data, chart = 'mr', exclude = 5,
                                  return.data = TRUE)))
i_missing <- i_data; i_missing$y[c(5, 15)] <- NA
write_data(i_missing, 'i_missing')
run_case('i_missing', quote(qic(x, y, data = i_missing, chart = 'i', return.data = TRUE)))

# ---- c. P charts (Anhoej, spc4hc data/bacteremia.csv) ------------------------------
bact <- read.csv('/tmp/ref/bacteremia.csv', comment.char = '#')
bact$month <- as.Date(bact$month)
write_data(bact, 'bacteremia')
run_case('p', quote(qic(month, deaths, cases, data = bact, chart = 'p', return.data = TRUE)))
run_case('p_exclude_part', quote(qic(month, deaths, cases, data = bact, chart = 'p',
                                     exclude = c(3, 16), part = 12, return.data = TRUE)))
run_case('p_freeze12_exclude3', quote(qic(month, deaths, cases, data = bact, chart = 'p',
                                          freeze = 12, exclude = 3, return.data = TRUE)))
run_case('p_multiply100', quote(qic(month, deaths, cases, data = bact, chart = 'p',
                                    multiply = 100, return.data = TRUE)))

# ---- d. C and U charts -------------------------------------------------------------
run_case('c', quote(qic(month, hai_cases, data = bact, chart = 'c', return.data = TRUE)))
run_case('c_part12', quote(qic(month, hai_cases, data = bact, chart = 'c', part = 12,
                               return.data = TRUE)))
run_case('u_multiply1000', quote(qic(month, hai_cases, risk_days, data = bact, chart = 'u',
                                     multiply = 1000, return.data = TRUE)))
cdiff <- read.csv('/tmp/ref/cdiff.csv', comment.char = '#')
cdiff$month <- as.Date(cdiff$month)
write_data(cdiff, 'cdiff')
run_case('c_cdiff', quote(qic(month, cases, data = cdiff, chart = 'c', return.data = TRUE)))
run_case('u_cdiff_multiply10000', quote(qic(month, cases, risk_days, data = cdiff,
                                            chart = 'u', multiply = 10000,
                                            return.data = TRUE)))

# ---- e. T and G charts -------------------------------------------------------------
set.seed(2)
t_data <- data.frame(event = 1:30, days = round(rweibull(30, 0.8, 10), 2) + 0.05)
t_data$days[24] <- t_data$days[24] + 150        # one very long gap
write_data(t_data, 't_days')
run_case('t', quote(qic(event, days, data = t_data, chart = 't', return.data = TRUE)))
run_case('t_unscreened', quote(qic(event, days, data = t_data, chart = 't',
                                   return.data = TRUE)), screened = FALSE)
set.seed(99)
t_narrow <- data.frame(event = 1:20, days = round(runif(20, 20, 30), 1))
write_data(t_narrow, 't_narrow')
run_case('t_narrow', quote(qic(event, days, data = t_narrow, chart = 't',
                               return.data = TRUE)))
set.seed(2718)
g_data <- data.frame(event = 1:30, between = rgeom(30, 1 / 40))
g_data$between[c(27, 30)] <- c(260, 310)
write_data(g_data, 'g_between')
run_case('g', quote(qic(event, between, data = g_data, chart = 'g', return.data = TRUE)))
run_case('g_freeze20', quote(qic(event, between, data = g_data, chart = 'g', freeze = 20,
                                 return.data = TRUE)))

# ---- f. Xbar and S charts: Montgomery piston rings ---------------------------------
source('/tmp/ref/piston.R')
write_data(piston, 'piston_rings')
write_data(piston_unequal, 'piston_rings_unequal')
run_case('xbar_piston', quote(qic(sample, diameter, data = piston, chart = 'xbar',
                                  return.data = TRUE)), n_from_length = TRUE)
run_case('s_piston', quote(qic(sample, diameter, data = piston, chart = 's',
                               return.data = TRUE)), n_from_length = TRUE)
run_case('xbar_piston_unequal', quote(qic(sample, diameter, data = piston_unequal,
                                          chart = 'xbar', return.data = TRUE)),
         n_from_length = TRUE)
run_case('s_piston_unequal', quote(qic(sample, diameter, data = piston_unequal,
                                       chart = 's', return.data = TRUE)),
         n_from_length = TRUE)
run_case('xbar_piston_freeze15', quote(qic(sample, diameter, data = piston, chart = 'xbar',
                                           freeze = 15, return.data = TRUE)),
         n_from_length = TRUE)
run_case('xbar_piston_unequal_exclude14', quote(qic(sample, diameter, data = piston_unequal,
                                                    chart = 'xbar', exclude = 14,
                                                    return.data = TRUE)),
         n_from_length = TRUE)
run_case('s_piston_unequal_exclude14', quote(qic(sample, diameter, data = piston_unequal,
                                                 chart = 's', exclude = 14,
                                                 return.data = TRUE)),
         n_from_length = TRUE)
run_case('xbar_multi', quote(qic(month, delay, data = multi, chart = 'xbar',
                                 return.data = TRUE)), n_from_length = TRUE)
run_case('s_multi', quote(qic(month, delay, data = multi, chart = 's',
                              return.data = TRUE)), n_from_length = TRUE)

# ---- g. Laney P' and U' (documented synthetic, large denominators) -----------------
set.seed(2002)
pp_data <- data.frame(week = 1:20, n = round(runif(20, 250000, 300000)))
pp_data$y <- rbinom(20, pp_data$n, plogis(qlogis(0.95) + rnorm(20, 0, 0.08)))
pp_data$y[17] <- round(pp_data$n[17] * 0.935)     # a low week
pp_data <- pp_data[c('week', 'y', 'n')]
write_data(pp_data, 'pp_large_n')
run_case('p_large_n', quote(qic(week, y, n, data = pp_data, chart = 'p', return.data = TRUE)))
run_case('pp', quote(qic(week, y, n, data = pp_data, chart = 'pp', return.data = TRUE)))
run_case('pp_unscreened', quote(qic(week, y, n, data = pp_data, chart = 'pp',
                                    return.data = TRUE)), screened = FALSE)
run_case('pp_part10', quote(qic(week, y, n, data = pp_data, chart = 'pp', part = 10,
                                return.data = TRUE)))
set.seed(2003)
up_data <- data.frame(month = months('2021-01-01', 24), days = round(runif(24, 80000, 160000)))
up_data$y <- rpois(24, up_data$days * rgamma(24, shape = 20, rate = 20 / 0.0008))
up_data$y[20] <- round(up_data$y[20] * 1.6)
up_data <- up_data[c('month', 'y', 'days')]
write_data(up_data, 'up_large_n')
run_case('u_large_n', quote(qic(month, y, days, data = up_data, chart = 'u',
                                multiply = 10000, return.data = TRUE)))
run_case('up', quote(qic(month, y, days, data = up_data, chart = 'up', multiply = 10000,
                         return.data = TRUE)))
run_case('up_unscreened', quote(qic(month, y, days, data = up_data, chart = 'up',
                                    multiply = 10000, return.data = TRUE)), screened = FALSE)

# ---- several rows per x with n (p chart sums y and n per x) ------------------------
set.seed(77)
p_rows <- data.frame(week = rep(1:12, each = 3), unit = rep(c('A', 'B', 'C'), 12),
                     n = sample(20:60, 36, replace = TRUE))
p_rows$y <- rbinom(36, p_rows$n, 0.3)
write_data(p_rows, 'p_rows')
run_case('p_rows_aggregated', quote(qic(week, y, n, data = p_rows, chart = 'p',
                                        return.data = TRUE)))

# ---- h. Anhoej critical values --------------------------------------------------------
nu <- 10:100
crit <- data.frame(n_useful = nu,
                   longest_run_max = round(log2(nu)) + 3,
                   n_crossings_min = qbinom(0.05, nu - 1, 0.5))
write.csv(crit, file.path(OUT, 'qicharts2', 'anhoej_critical_values.csv'),
          row.names = FALSE, quote = FALSE)

# ---- record the calls ------------------------------------------------------------------
writeLines(paste0(names(calls), ': ', unlist(calls)),
           file.path(OUT, 'qicharts2', 'CALLS.txt'))
cat('done\n')
