#include "nnplay/table_dataset.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#include "table_lookup.hpp"

namespace nnplay {

namespace {

constexpr std::array kMissingPolicies = {
    MissingPolicyInfo{MissingPolicy::Impute, "impute"},
    MissingPolicyInfo{MissingPolicy::Drop, "drop"},
};

constexpr int kMaxClassesInferred = 10;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct ColumnKind {
  bool numeric = false;
  int numbers = 0;
  int texts = 0;
  int missing = 0;
};

ColumnKind classify(const CsvTable& t, std::size_t c) {
  ColumnKind k;
  double v = 0.0;
  for (const auto& row : t.rows) {
    if (isMissingCell(row[c])) {
      ++k.missing;
    } else if (parseNumber(row[c], v)) {
      ++k.numbers;
    } else {
      ++k.texts;
    }
  }
  // Mostly numbers: a numeric column (its other values are errors).
  k.numeric = k.numbers > 0 && k.numbers >= k.texts * 4;
  return k;
}

std::string where(const CsvTable& t, std::size_t row, std::size_t col) {
  return t.source + ":" + std::to_string(t.lines[row]) + ": column " + std::to_string(col + 1) +
         " ('" + t.header[col] + "')";
}

}  // namespace

std::span<const MissingPolicyInfo> missingPolicies() {
  return kMissingPolicies;
}

std::string_view missingPolicyName(MissingPolicy p) {
  return kMissingPolicies[static_cast<std::size_t>(p)].name;
}

MissingPolicy missingPolicyByName(std::string_view name) {
  return detail::findByName(missingPolicies(), name, "missing-value policy").id;
}

std::string_view tableTaskName(const std::optional<Task>& task) {
  return task ? taskName(*task) : kAutoTask;
}

std::optional<Task> tableTaskByName(std::string_view name) {
  if (name == kAutoTask) return std::nullopt;
  for (const TaskInfo& t : tasks()) {
    if (t.name == name) return t.id;
  }
  throw SpecError("unknown task '" + std::string(name) + "'; expected one of: " +
                  std::string(kAutoTask) + ", " + detail::joinNames(tasks()));
}

bool isMissingCell(const std::string& cell) {
  const std::size_t a = cell.find_first_not_of(" \t");
  if (a == std::string::npos) return true;
  const std::string s = lower(cell.substr(a, cell.find_last_not_of(" \t") - a + 1));
  return s == "na" || s == "n/a" || s == "nan" || s == "null" || s == "?" || s == "none";
}

bool parseNumber(const std::string& cell, double& value) {
  const char* begin = cell.c_str();
  while (*begin == ' ' || *begin == '\t') ++begin;
  if (*begin == '\0') return false;
  char* end = nullptr;
  value = std::strtod(begin, &end);
  if (end == begin) return false;
  while (*end == ' ' || *end == '\t') ++end;
  return *end == '\0' && std::isfinite(value);
}

TableSummary summarize(const CsvTable& t) {
  TableSummary s;
  s.source = t.source;
  s.delimiter = t.delimiter;
  s.rows = static_cast<int>(t.rows.size());
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const ColumnKind k = classify(t, c);
    ColumnSummary cs;
    cs.name = t.header[c];
    cs.numeric = k.numeric;
    cs.missing = k.missing;
    std::set<std::string> distinct;
    double sum = 0.0;
    int n = 0;
    cs.min = std::numeric_limits<double>::infinity();
    cs.max = -cs.min;
    for (const auto& row : t.rows) {
      if (isMissingCell(row[c])) continue;
      if (distinct.size() <= 1000) distinct.insert(row[c]);
      double v = 0.0;
      if (cs.numeric && parseNumber(row[c], v)) {
        sum += v;
        ++n;
        cs.min = std::min(cs.min, v);
        cs.max = std::max(cs.max, v);
      } else if (!cs.numeric && cs.examples.size() < 5 &&
                 std::find(cs.examples.begin(), cs.examples.end(), row[c]) == cs.examples.end()) {
        cs.examples.push_back(row[c]);
      }
    }
    cs.distinct = static_cast<int>(distinct.size());
    cs.mean = n > 0 ? sum / n : 0.0;
    if (n == 0) cs.min = cs.max = 0.0;
    s.columns.push_back(cs);
  }
  return s;
}

TableConversion tableToDataset(const CsvTable& t, const TableOptions& o) {
  TableConversion out;
  const std::string targetName = o.target.empty() ? t.header.back() : o.target;
  const int target = t.columnIndex(targetName);
  if (target < 0) {
    std::string names;
    for (const auto& h : t.header) names += (names.empty() ? "" : ", ") + h;
    throw DataError(t.source + ": no column named '" + targetName + "'; the columns are: " + names);
  }
  for (const auto& ig : o.ignore) {
    if (t.columnIndex(ig) < 0)
      throw DataError(t.source + ": no column named '" + ig + "' to ignore");
  }
  const auto tc = static_cast<std::size_t>(target);
  const ColumnKind targetKind = classify(t, tc);

  // The task: text or a few distinct integers mean classes.
  std::set<double> targetValues;
  bool integral = true;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    double v = 0.0;
    if (targetKind.numeric && parseNumber(t.rows[r][tc], v)) {
      if (targetValues.size() <= kMaxClassesInferred) targetValues.insert(v);
      integral = integral && v == std::floor(v);
    }
  }
  const Task task =
      o.task ? *o.task
      : (!targetKind.numeric || (integral && targetValues.size() <= kMaxClassesInferred))
          ? Task::Classification
          : Task::Regression;
  if (task == Task::Regression && !targetKind.numeric) {
    throw DataError(t.source + ": target column '" + targetName +
                    "' holds text; regression needs numbers (use classification)");
  }

  // Inputs: every other column not ignored, numeric or one-hot.
  struct Input {
    std::size_t column;
    bool numeric;
    std::vector<std::string> categories;  // sorted, for one-hot
  };
  std::vector<Input> inputs;
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    if (c == tc || std::find(o.ignore.begin(), o.ignore.end(), t.header[c]) != o.ignore.end()) {
      continue;
    }
    const ColumnKind k = classify(t, c);
    Input in{c, k.numeric, {}};
    if (!k.numeric) {
      std::set<std::string> cats;
      for (const auto& row : t.rows) {
        if (isMissingCell(row[c])) continue;
        cats.insert(row[c]);
        if (static_cast<int>(cats.size()) > o.maxCategories) {
          throw DataError(t.source + ": column " + std::to_string(c + 1) + " ('" + t.header[c] +
                          "') has more than " + std::to_string(o.maxCategories) +
                          " distinct text values; it looks like an identifier or free text — "
                          "leave it out (--ignore " +
                          t.header[c] + ")");
        }
      }
      in.categories.assign(cats.begin(), cats.end());
    }
    inputs.push_back(std::move(in));
  }
  if (inputs.empty()) throw DataError(t.source + ": no input columns besides the target");

  // Classes, sorted (numerically for numbers, alphabetically for text).
  std::vector<std::string> classNames;
  std::map<std::string, int> classIndex;
  if (task == Task::Classification) {
    if (targetKind.numeric) {
      std::set<double> values;
      for (const auto& row : t.rows) {
        double v = 0.0;
        if (!isMissingCell(row[tc]) && parseNumber(row[tc], v)) values.insert(v);
        if (values.size() > 1000) {
          throw DataError(t.source + ": target column '" + targetName +
                          "' has more than 1000 distinct values; use regression");
        }
      }
      for (double v : values) {
        std::string name = std::to_string(v);
        if (v == std::floor(v)) name = std::to_string(static_cast<long long>(v));
        classIndex[name] = static_cast<int>(classNames.size());
        classNames.push_back(name);
      }
    } else {
      std::set<std::string> values;
      for (const auto& row : t.rows) {
        if (!isMissingCell(row[tc])) values.insert(row[tc]);
        if (values.size() > 1000) {
          throw DataError(t.source + ": target column '" + targetName +
                          "' has more than 1000 distinct values");
        }
      }
      for (const auto& v : values) {
        classIndex[v] = static_cast<int>(classNames.size());
        classNames.push_back(v);
      }
    }
    if (classNames.size() < 2) {
      throw DataError(t.source + ": target column '" + targetName + "' has only one class ('" +
                      (classNames.empty() ? std::string("none") : classNames.front()) +
                      "'); classification needs at least two");
    }
  }

  // Width and names.
  Dataset& d = out.data;
  d.task = task;
  d.classes = task == Task::Classification ? static_cast<int>(classNames.size()) : 0;
  d.classNames = classNames;
  d.targetName = targetName;
  for (const Input& in : inputs) {
    if (in.numeric) {
      d.featureNames.push_back(t.header[in.column]);
    } else {
      for (const auto& cat : in.categories)
        d.featureNames.push_back(t.header[in.column] + "=" + cat);
    }
  }
  const auto width = static_cast<Eigen::Index>(d.featureNames.size());

  std::vector<std::vector<float>> xs;
  std::vector<float> ys;
  int droppedTarget = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    if (isMissingCell(row[tc])) {
      ++droppedTarget;
      continue;
    }
    double yv = 0.0;
    if (task == Task::Classification) {
      yv = targetKind.numeric ? 0.0 : classIndex.at(row[tc]);
      if (targetKind.numeric) {
        double v = 0.0;
        if (!parseNumber(row[tc], v)) {
          throw DataError(where(t, r, tc) + ": expected a number, got '" + row[tc] + "'");
        }
        std::string name =
            v == std::floor(v) ? std::to_string(static_cast<long long>(v)) : std::to_string(v);
        yv = classIndex.at(name);
      }
    } else if (!parseNumber(row[tc], yv)) {
      throw DataError(where(t, r, tc) + ": expected a number, got '" + row[tc] + "'");
    }
    std::vector<float> x;
    x.reserve(static_cast<std::size_t>(width));
    bool missingInput = false;
    for (const Input& in : inputs) {
      const std::string& cell = row[in.column];
      const bool missing = isMissingCell(cell);
      missingInput = missingInput || missing;
      if (in.numeric) {
        double v = 0.0;
        if (missing) {
          x.push_back(std::numeric_limits<float>::quiet_NaN());
        } else if (parseNumber(cell, v)) {
          x.push_back(static_cast<float>(v));
        } else {
          throw DataError(where(t, r, in.column) + ": expected a number, got '" + cell + "'");
        }
      } else {
        for (const auto& cat : in.categories) x.push_back(!missing && cell == cat ? 1.0f : 0.0f);
      }
    }
    if (missingInput && o.missing == MissingPolicy::Drop) {
      ++out.droppedRows;
      continue;
    }
    for (float v : x) out.missingCells += std::isnan(v) ? 1 : 0;
    xs.push_back(std::move(x));
    ys.push_back(static_cast<float>(yv));
  }
  out.droppedRows += droppedTarget;
  if (xs.size() < 2) {
    throw DataError(t.source + ": fewer than 2 usable rows after dropping missing values");
  }
  d.x.resize(static_cast<Eigen::Index>(xs.size()), width);
  d.y.resize(static_cast<Eigen::Index>(xs.size()), 1);
  for (std::size_t r = 0; r < xs.size(); ++r) {
    for (Eigen::Index c = 0; c < width; ++c)
      d.x(static_cast<Eigen::Index>(r), c) = xs[r][static_cast<std::size_t>(c)];
    d.y(static_cast<Eigen::Index>(r), 0) = ys[r];
  }

  out.report = std::to_string(t.rows.size()) + " rows, " + std::to_string(inputs.size()) +
               " input columns -> " + std::to_string(width) + " inputs; target '" + targetName +
               "' (" +
               (task == Task::Classification ? std::to_string(classNames.size()) + " classes"
                                             : std::string(taskName(task))) +
               ")";
  if (droppedTarget > 0)
    out.report += "; dropped " + std::to_string(droppedTarget) + " rows with no target";
  if (o.missing == MissingPolicy::Drop && out.droppedRows > droppedTarget) {
    out.report += "; dropped " + std::to_string(out.droppedRows - droppedTarget) +
                  " rows with missing inputs";
  }
  if (out.missingCells > 0) {
    out.report += "; " + std::to_string(out.missingCells) +
                  " missing input cells imputed with the training mean";
  }
  return out;
}

int imputeMissing(Dataset& train, const std::vector<Dataset*>& others) {
  const Eigen::Index cols = train.x.cols();
  std::vector<float> mean(static_cast<std::size_t>(cols), 0.0f);
  for (Eigen::Index c = 0; c < cols; ++c) {
    double s = 0.0;
    long n = 0;
    for (Eigen::Index r = 0; r < train.x.rows(); ++r) {
      if (!std::isnan(train.x(r, c))) {
        s += train.x(r, c);
        ++n;
      }
    }
    mean[static_cast<std::size_t>(c)] = n > 0 ? static_cast<float>(s / n) : 0.0f;
  }
  int filled = 0;
  auto fill = [&](Dataset& d) {
    for (Eigen::Index r = 0; r < d.x.rows(); ++r) {
      for (Eigen::Index c = 0; c < cols; ++c) {
        if (std::isnan(d.x(r, c))) {
          d.x(r, c) = mean[static_cast<std::size_t>(c)];
          ++filled;
        }
      }
    }
  };
  fill(train);
  for (Dataset* o : others) fill(*o);
  return filled;
}

}  // namespace nnplay
