// The coverage table of resources/lessons/README.md against the lesson files:
// every row names a lesson that lists the concept and has the steps named,
// every concept a lesson lists has a row, and every COURSE.md concept
// c01-c27 is covered (except the ones still to be written, listed below,
// which must shrink: a concept covered now must leave the list).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "nnplay/lesson.hpp"

namespace nnplay {
namespace {

namespace fs = std::filesystem;

// Concepts no shipped lesson teaches yet (none since lessons 07-15 landed;
// a new concept id would go here until its lesson is written).
const std::set<std::string> kNotYetCovered = {};

struct Row {
  std::string id;
  std::string file;
  std::vector<int> steps;
  int line = 0;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// "2, 5–7" -> 2, 5, 6, 7 (an en dash or a hyphen).
std::vector<int> parseSteps(const std::string& cell) {
  std::vector<int> out;
  std::stringstream ss(cell);
  std::string part;
  while (std::getline(ss, part, ',')) {
    part = trim(part);
    std::size_t dash = part.find("–");
    std::size_t width = 3;
    if (dash == std::string::npos) {
      dash = part.find('-');
      width = 1;
    }
    if (dash == std::string::npos) {
      out.push_back(std::stoi(part));
    } else {
      const int a = std::stoi(part.substr(0, dash));
      const int b = std::stoi(part.substr(dash + width));
      for (int i = a; i <= b; ++i) out.push_back(i);
    }
  }
  return out;
}

std::vector<Row> coverageTable() {
  std::ifstream in(std::string(NNPLAY_LESSONS_DIR) + "/README.md");
  std::vector<Row> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("| c", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    std::string cell;
    while (std::getline(ss, cell, '|')) cells.push_back(trim(cell));
    if (cells.size() < 4) ADD_FAILURE() << "README.md:" << n << ": expected 4 columns";
    if (cells.size() < 4) continue;
    std::string file = cells[2];
    file.erase(std::remove(file.begin(), file.end(), '`'), file.end());
    rows.push_back({cells[0], file, parseSteps(cells[3]), n});
  }
  return rows;
}

std::map<std::string, Lesson> shippedLessons() {
  std::map<std::string, Lesson> lessons;
  for (const auto& entry : fs::directory_iterator(NNPLAY_LESSONS_DIR)) {
    if (entry.path().extension() == ".json") {
      lessons[entry.path().filename().string()] = loadLesson(entry.path().string());
    }
  }
  return lessons;
}

std::string conceptId(int i) {
  return std::string("c") + (i < 10 ? "0" : "") + std::to_string(i);
}

TEST(LessonCoverage, TableMatchesTheLessonFiles) {
  const std::map<std::string, Lesson> lessons = shippedLessons();
  const std::vector<Row> rows = coverageTable();
  ASSERT_FALSE(rows.empty()) << "no coverage table in resources/lessons/README.md";
  std::set<std::pair<std::string, std::string>> listed;  // (concept, file)
  for (const Row& r : rows) {
    SCOPED_TRACE("README.md:" + std::to_string(r.line));
    const auto it = lessons.find(r.file);
    ASSERT_NE(it, lessons.end()) << r.file << " is not a lesson in resources/lessons";
    const Lesson& l = it->second;
    EXPECT_NE(std::find(l.concepts.begin(), l.concepts.end(), r.id), l.concepts.end())
        << r.file << " does not list " << r.id << " in its concepts";
    EXPECT_FALSE(r.steps.empty());
    for (int s : r.steps) {
      EXPECT_TRUE(s >= 1 && s <= static_cast<int>(l.steps.size()))
          << r.file << " has no step " << s;
    }
    listed.insert({r.id, r.file});
  }
  for (const auto& [file, l] : lessons) {
    for (const std::string& c : l.concepts) {
      EXPECT_TRUE(listed.count({c, file})) << file << " lists " << c << " but the table does not";
    }
  }
}

TEST(LessonCoverage, EveryCourseConceptIsTaught) {
  std::set<std::string> covered;
  for (const Row& r : coverageTable()) covered.insert(r.id);
  std::string missing, nowCovered;
  for (int i = 1; i <= kCourseConcepts; ++i) {
    const std::string id = conceptId(i);
    if (!covered.count(id) && !kNotYetCovered.count(id)) missing += " " + id;
    if (covered.count(id) && kNotYetCovered.count(id)) nowCovered += " " + id;
  }
  EXPECT_EQ(missing, "") << "concepts no lesson step covers";
  EXPECT_EQ(nowCovered, "") << "covered now: remove them from kNotYetCovered";
  std::cout << "[ coverage ] " << covered.size() << " of " << kCourseConcepts
            << " course concepts have a lesson step\n";
}

}  // namespace
}  // namespace nnplay
