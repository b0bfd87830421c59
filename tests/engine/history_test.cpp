// The run's curves stay in bounded memory however long the run, evenly
// thinned, and always end with the last point appended.
#include "nnplay/history.hpp"

#include <gtest/gtest.h>

namespace nnplay {
namespace {

HistoryPoint at(long epoch) {
  HistoryPoint p;
  p.epoch = epoch;
  p.trainLoss = 1.0 / static_cast<double>(epoch + 1);
  return p;
}

TEST(History, ShortRunsKeepEveryPoint) {
  History h;
  for (long e = 0; e < 5000; ++e) h.append(at(e));
  const HistoryView v = h.view();
  ASSERT_EQ(v.size(), 5000u);
  for (long e = 0; e < 5000; ++e) ASSERT_EQ(v[static_cast<std::size_t>(e)].epoch, e);
  EXPECT_EQ(h.stride(), 1u);
}

TEST(History, LongRunsKeepABoundedEvenlyThinnedCurveEndingWithTheLastPoint) {
  History h;
  constexpr std::size_t kMax = (History::kMaxChunks + 1) * History::kChunk;
  for (long e = 0; e < 1'000'000; ++e) {
    h.append(at(e));
    ASSERT_LE(h.size(), kMax);
    if (e % 99'991 == 0 || e == 999'999) {
      const HistoryView v = h.view();
      ASSERT_EQ(v.back().epoch, e) << "the last point appended ends the curve";
      ASSERT_EQ(v[0].epoch, 0);
    }
  }
  EXPECT_EQ(h.stride(), 16u);  // 1,000,000 points in at most 66,560
  const HistoryView v = h.view();
  // Evenly spread: epoch 0, then every 16th epoch from epoch 1, then the
  // last point appended.
  EXPECT_EQ(v[1].epoch, 1);
  for (std::size_t i = 2; i + 1 < v.size(); ++i) {
    ASSERT_EQ(v[i].epoch - v[i - 1].epoch, 16) << "at " << i;
  }
  EXPECT_GT(v.size(), kMax / 2);
  // A view taken before more points arrive is not changed by them.
  const HistoryView before = h.view();
  const long last = before.back().epoch;
  for (long e = 1'000'000; e < 1'100'000; ++e) h.append(at(e));
  EXPECT_EQ(before.back().epoch, last);
  h.clear();
  EXPECT_EQ(h.size(), 0u);
  EXPECT_EQ(h.stride(), 1u);
}

}  // namespace
}  // namespace nnplay
