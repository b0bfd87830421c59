# Regenerates iris.csv, titanic.csv, titanic_passengers.csv, houses.csv and
# houses_course.csv in this folder from data shipped in Debian 12 packages, and
# the course's own five-house table (see README.md for sources and licences).
#
#   apt-get install -y --no-install-recommends r-base-core r-cran-modeldata r-cran-vcdextra
#   Rscript resources/datasets/make_datasets.R            # from the repository root
#
# Output: RFC 4180 CSV, UTF-8 without BOM, LF line endings, header row, no
# row names. No value contains a comma, quote or line break (checked below),
# so no field needs quoting and none is quoted. Missing numbers (only in
# titanic_passengers.csv's age column) are written as empty cells.

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
outDir <- if (length(script) == 1) dirname(normalizePath(script)) else getwd()

SEED <- 42L
seedRng <- function() {
  set.seed(SEED, kind = "Mersenne-Twister", normal.kind = "Inversion",
           sample.kind = "Rejection")
}

# missingOk: numeric columns that may hold NA, written as an empty cell.
writeCsv <- function(df, name, missingOk = character(0)) {
  for (col in names(df)) {
    if (is.factor(df[[col]])) df[[col]] <- as.character(df[[col]])
    if (is.character(df[[col]]))
      stopifnot(!any(grepl("[,\"\r\n]", df[[col]])), !anyNA(df[[col]]))
    if (!(col %in% missingOk)) stopifnot(!anyNA(df[[col]]))
    else stopifnot(is.numeric(df[[col]]))
  }
  path <- file.path(outDir, name)
  con <- file(path, open = "wb")  # "wb": LF line endings, no BOM
  on.exit(close(con))
  write.table(df, con, sep = ",", quote = FALSE, row.names = FALSE,
              col.names = TRUE, eol = "\n", na = "", fileEncoding = "UTF-8")
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

# 4. Titanic passengers: vcdExtra::Titanicp (r-cran-vcdextra), one row per
#    passenger (1,309; no crew), from Frank Harrell's titanic3. pclass becomes
#    the number 1-3 (as in titanic3 and Kaggle's Pclass), survived becomes
#    no/yes; age keeps its 263 missing values as empty cells and is rounded
#    to 4 decimals (months of infants: 0.1667 = 2/12); rows are
#    shuffled with set.seed(42) because the original is sorted by class and name.
data("Titanicp", package = "vcdExtra", envir = environment())
tp <- Titanicp
passengers <- data.frame(
  pclass = as.integer(tp$pclass),
  sex = as.character(tp$sex),
  age = round(tp$age, 4),  # the file stores 0.9167 as 0.916700006 (single precision)
  sibsp = as.integer(tp$sibsp),
  parch = as.integer(tp$parch),
  survived = ifelse(tp$survived == "survived", "yes", "no"),
  stringsAsFactors = FALSE)
stopifnot(identical(levels(tp$pclass), c("1st", "2nd", "3rd")),
          identical(levels(tp$survived), c("died", "survived")),
          all(tp$sibsp == passengers$sibsp), all(tp$parch == passengers$parch),
          isTRUE(all.equal(tp$age, passengers$age, tolerance = 1e-6)))
seedRng()
passengers <- passengers[sample.int(nrow(passengers)), ]
rownames(passengers) <- NULL
stopifnot(nrow(passengers) == 1309,
          sum(passengers$survived == "yes") == 500,
          sum(passengers$survived == "no") == 809,
          sum(is.na(passengers$age)) == 263,
          !anyNA(passengers[, c("pclass", "sex", "sibsp", "parch", "survived")]))
writeCsv(passengers, "titanic_passengers.csv", missingOk = "age")

# 5. The course's houses table (COURSE.md c01): five houses, written here as
#    the course prints them. price_lakh is in lakh (100,000 rupees).
housesCourse <- data.frame(
  area = c(800L, 1300L, 400L, 2100L, 2700L),
  bedrooms = c(2L, 3L, 1L, 4L, 4L),
  bathrooms = c(1L, 3L, 1L, 4L, 4L),
  study_room = c(0L, 1L, 0L, 1L, 1L),
  price_lakh = c("22.87", "51.56", "17.56", "80.80", "100.12"),  # as printed
  price_class = c("cheap", "affordable", "cheap", "expensive", "expensive"),
  stringsAsFactors = FALSE)
writeCsv(housesCourse, "houses_course.csv")
