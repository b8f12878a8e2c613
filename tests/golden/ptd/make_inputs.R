# Builds the golden INPUT csvs (x = ISO date, y = value, optional facet)
out <- "tests/golden/data"  # run from the repository root
months <- function(n, start = "2020-01-01") seq(as.Date(start), by = "month", length.out = n)
w <- function(name, df) {
  df$x <- format(df$x, "%Y-%m-%d")
  s15 <- sprintf("%.15g", df$y)  # shortest of 15/17 significant digits that round-trips exactly
  df$y <- ifelse(is.na(df$y), "", ifelse(as.numeric(s15) == df$y, s15, sprintf("%.17g", df$y)))
  write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
}
# (a1) vignettes/deviations.Rmd example (outlier screening); dates as in the vignette (daily)
w("ptd_deviations", data.frame(
  x = seq(as.Date("2021-03-22"), by = 1, length.out = 18),
  y = c(1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1)))
# (a2) tests/testthat/test-ptd_spc_standard.R + test-ptd_spc.R data: set.seed(123); rnorm(20)
set.seed(123)
y <- rnorm(20)
w("ptd_rnorm20", data.frame(x = as.Date("2020-01-01") + 1:20, y = y))
y2 <- y; y2[15] <- 10
w("ptd_rnorm20_outlier", data.frame(x = as.Date("2020-01-01") + 1:20, y = y2))
# (a3) test-ptd_spc_standard.R: two points beyond 2 sigma on opposite sides
d <- rep(c(1, -1), times = 8); d[15] <- 5.5; d[16] <- -5.5
w("ptd_two_in_three_opposite", data.frame(x = as.Date("2020-01-01") + 1:16, y = d))
# ---------------- synthetic series (b), (c), (e), (d) ----------------
alt <- function(n, lo = 9, hi = 11) rep(c(lo, hi), length.out = n)
# (b1) a rising trend of 7 that crosses the mean, later a falling trend of 7 that crosses the mean
y <- c(alt(6), 7, 8, 9, 10.4, 11, 12, 13, 11, 9, 11, 9, 11, 9, 13, 12, 11, 10.2, 9, 8, 7, 9, 11, 9, 11)
w("ptd_trend", data.frame(x = months(length(y)), y = y))
# (b1') trend edge cases: a rising trend of 7 and a falling trend of 7 sharing their peak point,
#       then 8 rising points containing one tie (no trend)
y <- c(alt(4), 6, 7, 8, 9, 10, 11, 12, 11, 10, 9, 8, 7, 6, 9, 11, 9, 11, 7, 8, 9, 9, 10, 11, 12, 13, 11, 9, 11, 9, 11)
w("ptd_trend_edges", data.frame(x = months(length(y)), y = y))
# (b1'') precedence: 9 points above the mean (a shift) whose last 7 fall strictly (a decreasing trend)
y <- c(alt(8), 11.2, 11.6, 13.4, 13.1, 12.8, 12.5, 12.2, 11.9, 11.6, alt(12))
w("ptd_precedence", data.frame(x = months(length(y)), y = y))
# (b2) two-of-three beyond 2 sigma: same side (flag), opposite side (no flag), below pair, outside+close
y <- c(alt(7), 14.5, 12, 14.5, 9, 11, 9, 11, 14.5, 9, 14.5, 11, 9, 11, 9, 5.5, 5.5, 9, 11, 9, 11, 17, 14.5, 11, 9, 11, 9)
w("ptd_two_in_three", data.frame(x = months(length(y)), y = y))
# (b2') the same rule with exact limits: 12 baseline points 9/11 -> with fix_after_n_points = 12
#      mean 10, MRbar 2, 2-sigma lines 6.4533/13.5467, limits 4.68/15.32. Scenarios after the baseline:
#      13-15 close/above/close (flag 13,15); 19-21 close/BELOW/close (no flag); 25-26 close pair below (flag);
#      30 outside + 31 close (31 not flagged); 35-37 close/ON MEAN/close (no flag);
#      41 ON upl + 42 close (both 2-in-3); 48-49 last two points close (flag)
y <- c(alt(12), 14, 12, 14, 9, 11, 9, 14, 9, 14, 11, 9, 11, 6, 6, 9, 11, 9, 16, 14, 11, 9, 11,
       14, 10, 14, 9, 11, 9, 15.32, 14, 11, 9, 11, 9, 11, 14, 14)
w("ptd_two_in_three_fix12", data.frame(x = months(length(y)), y = y))
# mirror image (20 - y): same mean 10, same limits; the series now ENDS with two points close to the LOWER limit
w("ptd_two_in_three_fix12_mirror", data.frame(x = months(length(y)), y = 20 - y))
# (b3) shift: 7 above, 7 below, and a run of only 6 above (no signal)
y <- c(alt(6), 10.6, 11.2, 10.8, 11.4, 10.7, 11.1, 10.9, 9, 11, 9, 9.4, 8.8, 9.2, 8.6, 9.3, 8.9, 9.1, 11, 9, 10.8, 11.2, 10.6, 11, 10.9, 11.3, 9, 11, 9)
w("ptd_shift", data.frame(x = months(length(y)), y = y))
# (b4) single points outside the limits, one above and one below
y <- c(alt(7), 20, alt(7), 1, alt(8))
w("ptd_outside", data.frame(x = months(length(y)), y = y))
# (b5) a point exactly on the mean (mean = 10 exactly) in the middle of a would-be shift of 7
y <- c(9, 11, 9, 11, 11, 12, 11, 10, 12, 11, 12, 9, 8, 9, 11, 8, 9, 8, 11, 9, 11, 9, 9)
stopifnot(mean(y) == 10)
w("ptd_on_mean", data.frame(x = months(length(y)), y = y))
y[8] <- 10.5
w("ptd_on_mean_control", data.frame(x = months(length(y)), y = y))
# (c1) two phases: 12 points around 10 then 14 around 20 (rebase at point 13)
y <- c(9, 11, 10, 12, 8, 10, 11, 9, 10, 12, 9, 11, 19, 21, 20, 22, 18, 20, 21, 19, 20, 22, 19, 21, 20, 19)
w("ptd_rebase", data.frame(x = months(length(y)), y = y))
# (c2) fix_after_n_points = 12: 12 baseline points around 10, then 12 points around 12.5
y <- c(9, 11, 10, 12, 8, 10, 11, 9, 10, 12, 9, 11, 12, 13, 12.5, 14, 11.5, 13, 12, 13.5, 12.5, 13, 12, 14.5)
w("ptd_fix12", data.frame(x = months(length(y)), y = y))
# (e) equality edge cases, with fix_after_n_points = 12: baseline 9/11 -> mean 10, MRbar 2,
#     upl 15.32, lpl 4.68 exactly; then points ON the upl/lpl, just outside, and ON the mean
y <- c(alt(12), 15.32, 14, 11, 9, 4.68, 9, 11, 15.33, 9, 10, 11, 9)
w("ptd_edges", data.frame(x = months(length(y)), y = y))
# (d) two facets (A = rebase series, B = fix12 series)
a <- read.csv(file.path(out, "ptd_rebase.csv")); a$facet <- "A"
b <- read.csv(file.path(out, "ptd_fix12.csv")); b$facet <- "B"
f <- rbind(a, b)
write.csv(f, file.path(out, "ptd_facets.csv"), row.names = FALSE, quote = FALSE)
