# Regenerates iris.csv, titanic.csv and houses.csv in this folder from data
# shipped in Debian 12 packages (see README.md for sources and licences).
#
#   apt-get install -y --no-install-recommends r-base-core r-cran-modeldata
#   Rscript resources/datasets/make_datasets.R            # from the repository root
#
# Output: RFC 4180 CSV, UTF-8 without BOM, LF line endings, header row, no
# row names. No value contains a comma, quote or line break (checked below),
# so no field needs quoting and none is quoted.

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
outDir <- if (length(script) == 1) dirname(normalizePath(script)) else getwd()

SEED <- 42L
seedRng <- function() {
  set.seed(SEED, kind = "Mersenne-Twister", normal.kind = "Inversion",
           sample.kind = "Rejection")
}

writeCsv <- function(df, name) {
  for (col in names(df)) {
    if (is.factor(df[[col]])) df[[col]] <- as.character(df[[col]])
    if (is.character(df[[col]]))
      stopifnot(!any(grepl("[,\"\r\n]", df[[col]])), !anyNA(df[[col]]))
  }
  stopifnot(!anyNA(df))
  path <- file.path(outDir, name)
  con <- file(path, open = "wb")  # "wb": LF line endings, no BOM
  on.exit(close(con))
  write.table(df, con, sep = ",", quote = FALSE, row.names = FALSE,
              col.names = TRUE, eol = "\n", fileEncoding = "UTF-8")
  cat(sprintf("wrote %s: %d rows x %d columns\n", path, nrow(df), ncol(df)))
}

# 1. Iris (R package 'datasets', part of r-base-core), original row order.
iris_df <- datasets::iris
names(iris_df) <- c("sepal_length", "sepal_width", "petal_length",
                    "petal_width", "species")
stopifnot(nrow(iris_df) == 150,
          all(table(iris_df$species) == 50),
          identical(sort(unique(as.character(iris_df$species))),
                    c("setosa", "versicolor", "virginica")))
writeCsv(iris_df, "iris.csv")

# 2. Titanic: the 4-way contingency table datasets::Titanic expanded to one
#    row per person, then shuffled with set.seed(42).
tab <- as.data.frame(datasets::Titanic, stringsAsFactors = FALSE)
people <- tab[rep(seq_len(nrow(tab)), tab$Freq), c("Class", "Sex", "Age", "Survived")]
names(people) <- c("class", "sex", "age", "survived")
seedRng()
people <- people[sample.int(nrow(people)), ]
rownames(people) <- NULL
stopifnot(nrow(people) == 2201,
          sum(people$survived == "Yes") == 711,
          sum(people$survived == "No") == 1490)
writeCsv(people, "titanic.csv")

# 3. House prices: modeldata::Sacramento (r-cran-modeldata). Columns 'city'
#    and 'zip' are dropped so that 'type' is the only text column; 'price'
#    (US dollars) is moved last; rows are shuffled with set.seed(42) because
#    the original order is grouped by sale date and sorted by price.
data("Sacramento", package = "modeldata", envir = environment())
houses <- as.data.frame(Sacramento)
houses <- houses[, c("beds", "baths", "sqft", "type", "latitude", "longitude", "price")]
houses$beds <- as.integer(houses$beds)
houses$sqft <- as.integer(houses$sqft)
houses$price <- as.integer(houses$price)
seedRng()
houses <- houses[sample.int(nrow(houses)), ]
rownames(houses) <- NULL
stopifnot(nrow(houses) == 932)
writeCsv(houses, "houses.csv")
