// IDX files written by the test (raw and gzip), every validation error, and
// the real Fashion-MNIST when Debian's package is installed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "nnplay/data_source.hpp"
#include "nnplay/idx_reader.hpp"

#include "test_util.hpp"

namespace nnplay {
namespace {

using ::testing::HasSubstr;
using Bytes = std::vector<std::uint8_t>;

std::string errorOf(const std::function<void()>& f) {
  return test::errorOf<DataError>(f);
}

Bytes idx(const std::vector<std::uint32_t>& dims, std::uint8_t type = 0x08) {
  Bytes b = {0, 0, type, static_cast<std::uint8_t>(dims.size())};
  std::size_t n = 1;
  for (std::uint32_t d : dims) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(d >> s));
    n *= d;
  }
  for (std::size_t i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(i * 7));
  return b;
}

Bytes gzip(const Bytes& raw) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&zs, raw.size()) + 32);
  zs.next_in = const_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

void writeFile(const std::filesystem::path& p, const Bytes& b) {
  std::ofstream(p, std::ios::binary)
      .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

TEST(Idx, ParsesDimensionsAndData) {
  const IdxArray a = parseIdx(idx({3, 2, 2}), "a");
  EXPECT_EQ(a.dims, (std::vector<std::uint32_t>{3, 2, 2}));
  ASSERT_EQ(a.data.size(), 12u);
  EXPECT_EQ(a.data[5], 35);
}

TEST(IdxErrors, HeaderProblemsAreNamed) {
  EXPECT_THAT(errorOf([] { parseIdx(Bytes{0, 0}, "s"); }), HasSubstr("s: too short"));
  EXPECT_THAT(errorOf([] {
                parseIdx(Bytes{1, 0, 8, 1, 0, 0, 0, 1, 5}, "m");
              }),
              HasSubstr("m: not an IDX file"));
  EXPECT_THAT(errorOf([] { parseIdx(idx({2}, 0x0D), "f"); }),
              HasSubstr("expected 0x08 (unsigned bytes)"));
  EXPECT_THAT(errorOf([] { parseIdx(Bytes{0, 0, 8, 9}, "d"); }), HasSubstr("has 9 dimensions"));
  EXPECT_THAT(errorOf([] {
                parseIdx(Bytes{0, 0, 8, 2, 0, 0, 0, 1}, "h");
              }),
              HasSubstr("h: truncated IDX header"));
}

TEST(IdxErrors, LengthMismatchAndAbsurdSizesBeforeAllocating) {
  Bytes b = idx({4, 3});
  b.pop_back();
  EXPECT_THAT(errorOf([&] { parseIdx(b, "t"); }),
              HasSubstr("t: header says 12 bytes of data but the file has 11"));
  b = idx({4, 3});
  b.push_back(0);
  EXPECT_THAT(errorOf([&] { parseIdx(b, "x"); }), HasSubstr("the file has 13"));
  // 4 billion x 4 billion: refused from the header alone.
  const Bytes huge = {0, 0, 8, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  EXPECT_THAT(errorOf([&] { parseIdx(huge, "big"); }), HasSubstr("big: header asks for more than"));
  EXPECT_THAT(errorOf([] {
                parseIdx(Bytes{0, 0, 8, 1, 0, 0, 0, 0}, "z");
              }),
              HasSubstr("dimension 1 is 0"));
}

TEST(IdxErrors, GzipTrailerIsChecked) {
  const Bytes raw = idx({10, 10});
  Bytes gz = gzip(raw);
  EXPECT_EQ(gunzip(gz, "ok"), raw);
  Bytes lying = gz;
  lying[lying.size() - 4] = 5;  // ISIZE says 5 bytes
  lying[lying.size() - 3] = 0;
  EXPECT_THAT(errorOf([&] { gunzip(lying, "lie.gz"); }), HasSubstr("lie.gz: corrupt or truncated"));
  Bytes huge = gz;
  huge[huge.size() - 1] = 0xF0;  // ISIZE of about 4 GB
  EXPECT_THAT(errorOf([&] { gunzip(huge, "huge.gz"); }), HasSubstr("huge.gz: would inflate to"));
  Bytes cut(gz.begin(), gz.begin() + static_cast<std::ptrdiff_t>(gz.size() / 2));
  cut.insert(cut.end(), gz.end() - 8, gz.end());
  EXPECT_THAT(errorOf([&] { gunzip(cut, "cut.gz"); }), HasSubstr("cut.gz: corrupt or truncated"));
}

class IdxFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nnplay-idx-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const Bytes& b) { writeFile(dir_ / name, b); }
  Bytes labels(std::uint32_t n) {
    Bytes b = idx({n});
    for (std::size_t i = 8; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(i % 3);
    return b;
  }
  std::filesystem::path dir_;
};

TEST_F(IdxFolder, LoadsRawAndGzipFilesAsBytes) {
  write("train-images-idx3-ubyte.gz", gzip(idx({6, 4, 5})));
  write("train-labels-idx1-ubyte", labels(6));
  write("t10k-images-idx3-ubyte", idx({3, 4, 5}));
  write("t10k-labels-idx1-ubyte.gz", gzip(labels(3)));
  const IdxDataset d = loadIdxDirectory(dir_.string());
  EXPECT_EQ(d.imageRows, 4);
  EXPECT_EQ(d.imageCols, 5);
  EXPECT_EQ(d.train.rows(), 6);
  EXPECT_EQ(d.test.rows(), 3);
  EXPECT_EQ(d.train.features(), 20);
  EXPECT_TRUE(d.train.hasPixels());
  EXPECT_EQ(d.train.x.size(), 0) << "pixels stay bytes";
  EXPECT_EQ(d.train.classes, 3);
  const RowMatrix first = d.train.inputs(1, 1);
  EXPECT_FLOAT_EQ(first(0, 0), static_cast<float>((20 * 7) % 256) / 255.0f);
}

TEST_F(IdxFolder, MissingAndMismatchedFilesAreNamed) {
  write("train-images-idx3-ubyte", idx({6, 4, 5}));
  EXPECT_THAT(errorOf([&] { loadIdxDirectory(dir_.string()); }),
              HasSubstr("no train-labels-idx1-ubyte (or train-labels-idx1-ubyte.gz)"));
  write("train-labels-idx1-ubyte", labels(5));
  write("t10k-images-idx3-ubyte", idx({3, 4, 5}));
  write("t10k-labels-idx1-ubyte", labels(3));
  EXPECT_THAT(errorOf([&] { loadIdxDirectory(dir_.string()); }),
              HasSubstr("5 labels for 6 images"));
}

TEST(Idx, RealFashionMnistWhenInstalled) {
  if (!std::filesystem::is_directory(kFashionMnistDir)) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  DataSpec s;
  s.kind = DataSourceKind::Idx;
  s.path = kFashionMnistDir;
  s.validationRatio = 5000.0 / 70000.0;
  const PreparedData p = prepareData(s);
  EXPECT_EQ(p.train.rows(), 55000);
  EXPECT_EQ(p.validation.rows(), 5000);
  EXPECT_EQ(p.test.rows(), 10000);
  EXPECT_EQ(p.train.features(), 784);
  EXPECT_EQ(p.train.classes, 10);
  EXPECT_EQ(p.train.classNames[9], "Ankle boot");
  EXPECT_EQ(p.train.pixels.size(), 55000u * 784u);
}

}  // namespace
}  // namespace nnplay
