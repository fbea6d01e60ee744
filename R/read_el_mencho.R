# Read the el-mencho-2026 data package into typed data frames, with column types taken from
# the Table Schemas in datapackage.json: integers as integers, numbers as doubles, booleans as
# logicals, dates as Date, enums as factors with the schema's levels.
#
# Needs the R packages jsonlite and readr (Debian: r-cran-jsonlite r-cran-readr).
#
#   source("R/read_el_mencho.R")
#   tables <- read_el_mencho("datapackage.json")
#   str(tables$statements)

# One type map, keyed by Table Schema type.
el_mencho_column_type <- function(field) {
  switch(field$type,
    string = readr::col_character(),
    integer = readr::col_integer(),
    number = readr::col_double(),
    boolean = readr::col_logical(),
    date = readr::col_date(format = "%Y-%m-%d"),
    stop(sprintf("field %s: Table Schema type %s has no R type here", field$name, field$type))
  )
}

read_el_mencho <- function(descriptor = "datapackage.json") {
  package <- jsonlite::fromJSON(descriptor, simplifyVector = FALSE)
  base <- dirname(descriptor)
  tables <- list()
  for (resource in package$resources) {
    fields <- resource$schema$fields
    names <- vapply(fields, function(field) field$name, character(1))
    types <- stats::setNames(lapply(fields, el_mencho_column_type), names)
    data <- readr::read_csv(
      file.path(base, resource$path),
      col_types = do.call(readr::cols, types),
      na = "",
      locale = readr::locale(encoding = "UTF-8"),
      progress = FALSE
    )
    for (field in fields) {
      levels <- field$constraints$enum
      if (!is.null(levels)) {
        data[[field$name]] <- factor(data[[field$name]], levels = unlist(levels))
      }
    }
    tables[[resource$name]] <- data
  }
  tables
}
