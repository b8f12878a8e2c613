# Compatibility shims (NOT package code). Debian 12 ships dplyr 1.0.10; the package code
# uses two dplyr >= 1.1.0 features:
#   * dplyr::case_when(..., .default = v)   -> emulated by appending `TRUE ~ v`
#     (identical semantics: in dplyr 1.1 .default also catches rows where every condition is FALSE or NA)
#   * dplyr::case_match(.x, values ~ value, ...) -> first matching formula wins, NA when none matches
# load_ptd() rewrites only the text "dplyr::case_when(" / "dplyr::case_match(" to these shims when
# sourcing; the files on disk stay verbatim.
compat_case_when <- function(..., .default = NULL) {
  dots <- list(...)
  if (!is.null(.default)) {
    dflt <- .default
    dots <- c(dots, list(rlang::new_formula(TRUE, dflt)))
  }
  do.call(dplyr::case_when, dots)
}

compat_case_match <- function(.x, ...) {
  dots <- list(...)
  out <- rep(NA, length(.x))
  done <- rep(FALSE, length(.x))
  for (f in dots) {
    env <- environment(f)
    lhs <- eval(f[[2]], env)
    rhs <- eval(f[[3]], env)
    hit <- !done & .x %in% lhs
    out[hit] <- rhs
    done <- done | hit
  }
  out
}

load_ptd <- function(dir = Sys.getenv("PTD_SRC", "/tmp/ref/ptd"), envir = globalenv()) {
  suppressPackageStartupMessages({
    library(dplyr)
    library(rlang)
  })
  files <- c("ZZZ.R", "to_datetime.R", "ptd_rebase.R", "ptd_target.R", "ptd_spc_options.R",
             "ptd_validate_spc_options.R", "ptd_add_rebase_column.R", "ptd_spc_standard.R",
             "ptd_calculate_point_type.R", "ptd_add_short_group_warnings.R",
             "ptd_add_target_column.R", "ptd_calculate_assurance_type.R", "ptd_spc.R",
             "geom_ptd_icon.R")
  for (f in files) {
    txt <- readLines(file.path(dir, f))
    txt <- gsub("dplyr::case_when(", "compat_case_when(", txt, fixed = TRUE)
    txt <- gsub("dplyr::case_match(", "compat_case_match(", txt, fixed = TRUE)
    eval(parse(text = txt, keep.source = FALSE), envir = envir)
  }
  # S3 registration for methods defined in the global env happens via dispatch lookup.
  invisible(TRUE)
}
