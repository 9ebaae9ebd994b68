# Runs the README's R blocks (section "Reading the CSVs") on a report and
# checks what they give, so the README shows code that runs.
#   Rscript check.R README.md DIR      DIR holds the report as DIR/reports
# The first block must fit its models; the second (NetworkInference, CRAN
# only) runs up to library(NetworkInference) when the package is missing,
# and cascades.csv and nodes.csv are then checked against the shape
# as_cascade_long() documents. Stops naming the first failed check.
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 2)

# The R blocks between the section's heading and the next "## " heading.
readme_blocks <- function(path) {
  lines <- readLines(path, encoding = "UTF-8")
  start <- match("### Reading the CSVs", lines)
  stopifnot(!is.na(start))
  end <- start + match(TRUE, startsWith(lines[-(1:start)], "## "))
  section <- lines[start:end]
  opens <- which(section == "```r")
  closes <- which(section == "```")
  lapply(opens, function(o) section[(o + 1):(min(closes[closes > o]) - 1)])
}

check <- function(ok, what) {
  if (!isTRUE(ok)) stop("README R block: ", what, call. = FALSE)
}

blocks <- readme_blocks(args[1])
check(length(blocks) == 2, "expected two R blocks")
setwd(args[2])

# First block: tables, the panel model, the event-history models.
first <- new.env()
eval(parse(text = blocks[[1]], encoding = "UTF-8"), first)
with(first, {
  check(nrow(by_city_wide) == length(unique(by_city$theme)), "one row per theme in by_city_wide")
  check(inherits(fit, "glm") && all(eco$articles <= eco$city_period_articles),
        "the panel model fits on counts within their city-period")
  check(all(a$at_risk == 1), "every adoption_panel row is at risk")
  for (key in split(a, paste(a$city, a$theme))) {
    key <- key[order(key$period_index), ]
    check(!anyDuplicated(key$period_index), "one row per city, theme and period")
    # a city leaves the risk set in the period it adopts: no row after it
    check(sum(key$adopted) <= 1 && (sum(key$adopted) == 0 || key$adopted[nrow(key)] == 1),
          paste("a city's rows end where it adopts:", key$city[1], key$theme[1]))
  }
  check(inherits(hazard, "glm") && hazard$converged && nobs(hazard) == nrow(eco_risk),
        "the discrete-time hazard model fits every row at risk")
  check(inherits(cox, "coxph") && cox$nevent == sum(eco_risk$adopted),
        "the Cox model counts every adoption")
})

# Second block: NetworkInference's long form.
ni <- blocks[[2]]
has_ni <- requireNamespace("NetworkInference", quietly = TRUE)
lib_line <- match("library(NetworkInference)", ni)
check(!is.na(lib_line), "the second block loads NetworkInference")
# (its checks also read the first block's adoption panel, `a`)
second <- new.env(parent = first)
eval(parse(text = if (has_ni) ni else ni[seq_len(lib_line - 1)], encoding = "UTF-8"), second)
with(second, {
  check(all(c("node_name", "event_time", "cascade_id") %in% names(casc)) && nrow(casc) >= 1,
        "cascades.csv has node_name, event_time and cascade_id")
  check(is.numeric(casc$event_time) && !anyNA(casc$event_time), "event_time is numeric, never missing")
  check(is.character(n$city) && !anyDuplicated(n$city), "node names are distinct strings")
  check(all(casc$node_name %in% n$city), "every node of the cascades is in node_names")
  check(!anyDuplicated(casc[, c("cascade_id", "node_name")]), "at most one event per node and cascade")
  adoptions <- a[a$adopted == 1, ]
  check(setequal(paste(casc$cascade_id, casc$node_name, casc$event_time),
                 paste(adoptions$theme, adoptions$city, adoptions$period_index)),
        "cascades.csv holds the adoptions of adoption_panel.csv")
  # never-adopters too: every city an article names, dated or not
  arts <- read.csv("reports/articles.csv", fileEncoding = "UTF-8-BOM", colClasses = "character")
  check(setequal(n$city, unique(arts$city[arts$city != ""])), "nodes.csv lists every city of articles.csv")
  if (has_ni) check(inherits(network, "diffnet"), "netinf returns a diffnet")
})
cat(if (has_ni) "R blocks: all ran\n" else
  "R blocks: first ran; second checked for shape (NetworkInference not installed)\n")
