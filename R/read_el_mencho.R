# Read the el-mencho-2026 data package into typed data frames, with column types taken from
# the Table Schemas in the descriptor: integers as integers, numbers as doubles, booleans as
# logicals, dates as Date, enums as factors with the schema's levels, and list fields (those
# with a `delimiter`) as list columns of character vectors (NULL where the cell is empty).
#
# Needs the R packages jsonlite and readr (Debian: r-cran-jsonlite r-cran-readr); the Parquet
# descriptor (dist/parquet/datapackage.json) also needs arrow, whose dictionary columns are
# factors and whose list columns are lists already.
#
#   source("R/read_el_mencho.R")
#   tables <- read_el_mencho("datapackage.json")
#   str(tables$statements)

# One type map, keyed by Table Schema type; a list field is read as text, then split.
el_mencho_column_type <- function(field) {
  if (!is.null(field$delimiter)) {
    return(readr::col_character())
  }
  switch(field$type,
    string = readr::col_character(),
    integer = readr::col_integer(),
    number = readr::col_double(),
    boolean = readr::col_logical(),
    date = readr::col_date(format = "%Y-%m-%d"),
    stop(sprintf("field %s: Table Schema type %s has no R type here", field$name, field$type))
  )
}

el_mencho_read_csv <- function(path, fields) {
  names <- vapply(fields, function(field) field$name, character(1))
  types <- stats::setNames(lapply(fields, el_mencho_column_type), names)
  readr::read_csv(
    path,
    col_types = do.call(readr::cols, types),
    na = "",
    trim_ws = FALSE,  # a quote keeps the spaces its offsets count
    locale = readr::locale(encoding = "UTF-8"),
    progress = FALSE
  )
}

el_mencho_read_parquet <- function(path) {
  if (!requireNamespace("arrow", quietly = TRUE)) {
    stop("reading the Parquet tables needs the R package arrow; or read datapackage.json (CSV)")
  }
  # A partitioned table lists its parts as its path: one table of them all, in order.
  if (length(path) == 1) arrow::read_parquet(path) else do.call(rbind, lapply(path, arrow::read_parquet))
}

read_el_mencho <- function(descriptor = "datapackage.json") {
  package <- jsonlite::fromJSON(descriptor, simplifyVector = FALSE)
  base <- dirname(descriptor)
  tables <- list()
  for (resource in package$resources) {
    fields <- resource$schema$fields
    path <- file.path(base, resource$path)
    parquet <- identical(resource$format, "parquet")
    data <- if (parquet) el_mencho_read_parquet(path) else el_mencho_read_csv(path, fields)
    for (field in fields) {
      column <- data[[field$name]]
      if (!is.null(field$delimiter)) {
        data[[field$name]] <- lapply(unclass(column), function(cell) {
          if (parquet) {
            if (is.null(cell)) NULL else as.character(cell)
          } else if (is.na(cell)) NULL else strsplit(cell, field$delimiter, fixed = TRUE)[[1]]
        })
      }
      levels <- field$constraints$enum
      if (!is.null(levels)) {
        data[[field$name]] <- factor(as.character(column), levels = unlist(levels))
      }
    }
    tables[[resource$name]] <- data
  }
  tables
}
