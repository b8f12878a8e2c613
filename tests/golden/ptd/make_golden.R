# Runs the real NHSRplotthedots code (sourced from /tmp/ref/ptd) on the golden inputs.
source("tests/golden/ptd/compat.R"); load_ptd()  # run from the repository root; PTD_SRC = folder of the package R files
inp <- "tests/golden/data"; out <- "tests/golden/ptd"

# diagnostic twin of ptd_spc_standard that keeps the internal columns (mr, amr, nlpl, nupl);
# used ONLY to expose them; all published values come from the unmodified ptd_spc().
src <- paste(readLines(file.path(Sys.getenv("PTD_SRC", "/tmp/ref/ptd"), "ptd_spc_standard.R")), collapse = "\n")
src2 <- sub('c("mr", "nlpl", "nupl", "amr", "rebase")', 'c("rebase")', src, fixed = TRUE)
src2 <- sub("ptd_spc_standard <- function", "ptd_spc_standard_diag <- function", src2, fixed = TRUE)
stopifnot(src2 != src)
eval(parse(text = src2))

cases <- list(
  list(case = "deviations_increase", input = "ptd_deviations"),
  list(case = "deviations_noscreen", input = "ptd_deviations", screen_outliers = FALSE),
  list(case = "deviations_decrease", input = "ptd_deviations", improvement_direction = "decrease"),
  list(case = "deviations_neutral", input = "ptd_deviations", improvement_direction = "neutral"),
  list(case = "deviations_target_increase", input = "ptd_deviations", target = 5),
  list(case = "deviations_target_decrease", input = "ptd_deviations", improvement_direction = "decrease", target = 5),
  list(case = "rnorm20", input = "ptd_rnorm20"),
  list(case = "rnorm20_target", input = "ptd_rnorm20", target = 0.5),
  list(case = "rnorm20_outlier", input = "ptd_rnorm20_outlier"),
  list(case = "rnorm20_outlier_noscreen", input = "ptd_rnorm20_outlier", screen_outliers = FALSE),
  list(case = "rnorm20_outlier_decrease_target", input = "ptd_rnorm20_outlier", improvement_direction = "decrease", target = -3),
  list(case = "rnorm20_outlier_increase_target", input = "ptd_rnorm20_outlier", target = -3),
  list(case = "two_in_three_opposite", input = "ptd_two_in_three_opposite"),
  list(case = "trend_increase", input = "ptd_trend"),
  list(case = "trend_decrease", input = "ptd_trend", improvement_direction = "decrease"),
  list(case = "trend_neutral", input = "ptd_trend", improvement_direction = "neutral"),
  list(case = "trend_edges", input = "ptd_trend_edges"),
  list(case = "precedence", input = "ptd_precedence"),
  list(case = "precedence_decrease", input = "ptd_precedence", improvement_direction = "decrease"),
  list(case = "two_in_three", input = "ptd_two_in_three"),
  list(case = "two_in_three_fix12", input = "ptd_two_in_three_fix12", fix_after_n_points = 12),
  list(case = "two_in_three_fix12_decrease", input = "ptd_two_in_three_fix12", fix_after_n_points = 12, improvement_direction = "decrease"),
  list(case = "two_in_three_fix12_neutral", input = "ptd_two_in_three_fix12", fix_after_n_points = 12, improvement_direction = "neutral"),
  list(case = "two_in_three_fix12_mirror", input = "ptd_two_in_three_fix12_mirror", fix_after_n_points = 12),
  list(case = "two_in_three_fix12_mirror_decrease", input = "ptd_two_in_three_fix12_mirror", fix_after_n_points = 12, improvement_direction = "decrease"),
  list(case = "two_in_three_fix12_mirror_neutral", input = "ptd_two_in_three_fix12_mirror", fix_after_n_points = 12, improvement_direction = "neutral"),
  list(case = "shift", input = "ptd_shift"),
  list(case = "shift_neutral", input = "ptd_shift", improvement_direction = "neutral"),
  list(case = "outside", input = "ptd_outside"),
  list(case = "outside_noscreen", input = "ptd_outside", screen_outliers = FALSE),
  list(case = "on_mean", input = "ptd_on_mean"),
  list(case = "on_mean_control", input = "ptd_on_mean_control"),
  list(case = "rebase", input = "ptd_rebase", rebase = "2021-01-01"),
  list(case = "rebase_none", input = "ptd_rebase"),
  list(case = "fix12", input = "ptd_fix12", fix_after_n_points = 12),
  list(case = "fix12_none", input = "ptd_fix12"),
  list(case = "edges_fix12", input = "ptd_edges", fix_after_n_points = 12),
  list(case = "edges_target_on_upl", input = "ptd_edges", fix_after_n_points = 12, target = 15.32),
  list(case = "edges_target_on_lpl_decrease", input = "ptd_edges", fix_after_n_points = 12, target = 4.68, improvement_direction = "decrease"),
  list(case = "edges_target_above_upl", input = "ptd_edges", fix_after_n_points = 12, target = 15.33),
  list(case = "edges_target_above_upl_decrease", input = "ptd_edges", fix_after_n_points = 12, target = 15.33, improvement_direction = "decrease"),
  list(case = "edges_target_below_lpl", input = "ptd_edges", fix_after_n_points = 12, target = 4.67),
  list(case = "edges_target_below_lpl_decrease", input = "ptd_edges", fix_after_n_points = 12, target = 4.67, improvement_direction = "decrease"),
  list(case = "edges_target_neutral", input = "ptd_edges", fix_after_n_points = 12, target = 15.33, improvement_direction = "neutral"),
  list(case = "facets_named_target", input = "ptd_facets", facet = "facet", target = list(A = 30), rebase = list(A = "2021-01-01"))
)

g15 <- function(v) ifelse(is.na(v), "", sprintf("%.15g", v))
b <- function(v) ifelse(is.na(v), "", ifelse(v, "TRUE", "FALSE"))
fmt_target <- function(t) if (is.null(t)) "" else if (is.list(t)) paste0(names(t), "=", unlist(t), collapse = ";") else sprintf("%.15g", t)
fmt_rebase <- function(r) if (is.null(r)) "" else if (is.list(r)) paste0(names(r), "=", unlist(r), collapse = ";") else paste(r, collapse = ";")

index <- list(); icons <- list(); summaries <- list()
for (cs in cases) {
  d <- read.csv(file.path(inp, paste0(cs$input, ".csv")), stringsAsFactors = FALSE)
  d$x <- as.Date(d$x)
  dir <- cs$improvement_direction %||% "increase"
  scr <- cs$screen_outliers %||% TRUE
  tgt <- if (is.null(cs$target)) ptd_target() else if (is.list(cs$target)) do.call(ptd_target, cs$target) else ptd_target(cs$target)
  reb <- if (is.null(cs$rebase)) ptd_rebase() else if (is.list(cs$rebase)) do.call(ptd_rebase, lapply(cs$rebase, as.Date)) else ptd_rebase(as.Date(cs$rebase))
  warn <- character()
  run <- function(...) withCallingHandlers(..., warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  res <- run(if (is.null(cs$facet)) {
    ptd_spc(d, value_field = y, date_field = x, rebase = reb, fix_after_n_points = cs$fix_after_n_points,
            improvement_direction = dir, target = tgt, screen_outliers = scr)
  } else {
    ptd_spc(d, value_field = y, date_field = x, facet_field = facet, rebase = reb,
            fix_after_n_points = cs$fix_after_n_points, improvement_direction = dir, target = tgt,
            screen_outliers = scr)
  })
  # diagnostics (same pipeline, internal columns kept)
  dd <- d; dd$y <- as.double(dd$y); dd$x <- to_datetime(dd$x)
  dd <- ptd_add_rebase_column(dd, "x", cs$facet, reb)
  diag <- ptd_spc_standard_diag(dd, attr(res, "options"))
  stopifnot(identical(diag$lpl, res$lpl), identical(diag$upl, res$upl), identical(diag$mean_col, res$mean_col),
            identical(diag$x, res$x), identical(diag$f, res$f))
  diag <- diag %>% group_by(f, rebase_group) %>%
    mutate(mr_raw = c(NA, abs(diff(fix_y))),
           rule_trend = ptd_part_of_seven_trend(ptd_seven_point_trend(y)),
           rule_two_in_three = ptd_part_of_two_in_three(ptd_two_in_three(close_to_limits, relative_to_mean), close_to_limits),
           rule_shift = ptd_part_of_seven_trend(ptd_seven_point_one_side_mean(relative_to_mean))) %>% ungroup()
  o <- data.frame(
    x = format(res$x, "%Y-%m-%d"), y = g15(res$y),
    rebase_group = res$rebase_group, part = res$rebase_group + 1,
    short_group_warning = b(res$short_group_warning),
    fix_y = g15(res$fix_y), mean = g15(res$mean_col), lpl = g15(res$lpl), upl = g15(res$upl),
    nlpl_2s = g15(diag$nlpl), nupl_2s = g15(diag$nupl), amr = g15(diag$amr),
    mr = g15(diag$mr_raw), mr_screened_out = b(!is.na(diag$mr_raw) & is.na(diag$mr)),
    outside_limits = b(res$outside_limits), relative_to_mean = res$relative_to_mean,
    close_to_limits = b(res$close_to_limits),
    rule_trend = b(diag$rule_trend == 1), rule_two_in_three = b(diag$rule_two_in_three == 1),
    rule_shift = b(diag$rule_shift == 1),
    special_cause_type = res$special_cause_type, special_cause_flag = b(res$special_cause_flag),
    point_type = res$point_type, target = g15(res$target),
    stringsAsFactors = FALSE)
  if (!is.null(cs$facet)) o <- cbind(facet = res$f, o)
  write.csv(o, file.path(out, paste0("ptd_", cs$case, ".csv")), row.names = FALSE, quote = FALSE)

  ic <- ptd_get_icons(res)
  at <- ptd_calculate_assurance_type(res)
  lastpt <- res %>% group_by(f) %>% filter(x == max(x)) %>% ungroup()
  icons[[cs$case]] <- data.frame(
    case = cs$case, facet = lastpt$f, last_x = format(lastpt$x, "%Y-%m-%d"),
    variation_point_type = lastpt$point_type,
    variation_icon = sub("\\.svg$", "", ic$icon[ic$type == "variation"][match(lastpt$f, ic$f[ic$type == "variation"])]),
    assurance_type = at$assurance_type[match(lastpt$f, at$f)],
    assurance_icon = if (any(ic$type == "assurance")) sub("\\.svg$", "", ic$icon[ic$type == "assurance"][match(lastpt$f, ic$f[ic$type == "assurance"])]) else NA,
    stringsAsFactors = FALSE)
  s <- capture.output(sm <- summary(res))
  sm <- as.data.frame(sm)
  if (!"f" %in% names(sm)) sm$f <- "no facet"
  if (!"rebase_group" %in% names(sm)) sm$rebase_group <- 0
  if (!"assurance_type" %in% names(sm)) sm$assurance_type <- NA
  summaries[[cs$case]] <- data.frame(case = cs$case, facet = sm$f, rebase_group = sm$rebase_group,
    mean = g15(sm$mean_col), lpl = g15(sm$lpl), upl = g15(sm$upl), n = sm$n, common_cause = sm$common_cause,
    special_cause_improvement = sm$special_cause_improvement, special_cause_concern = sm$special_cause_concern,
    variation_type = sm$variation_type, assurance_type = sm$assurance_type, stringsAsFactors = FALSE)
  index[[cs$case]] <- data.frame(case = cs$case, input = paste0(cs$input, ".csv"), output = paste0("ptd_", cs$case, ".csv"),
    facet_field = cs$facet %||% "", improvement_direction = dir, screen_outliers = scr,
    target = fmt_target(cs$target), rebase = fmt_rebase(cs$rebase),
    fix_after_n_points = if (is.null(cs$fix_after_n_points)) "" else cs$fix_after_n_points,
    r_warning = paste(unique(warn), collapse = " | "), stringsAsFactors = FALSE)
}
na_blank <- function(df) { df[] <- lapply(df, function(v) ifelse(is.na(v), "", as.character(v))); df }
write.csv(na_blank(do.call(rbind, index)), file.path(out, "ptd_cases.csv"), row.names = FALSE)
write.csv(na_blank(do.call(rbind, icons)), file.path(out, "ptd_icons.csv"), row.names = FALSE, quote = FALSE)
write.csv(na_blank(do.call(rbind, summaries)), file.path(out, "ptd_summary.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", length(cases), "cases\n")
