#pragma once
// MNIST-format IDX files (unsigned bytes, type 0x08), raw or gzip-compressed.
// The header's dimensions are checked against the data length before anything
// is allocated (for gzip, against the length its trailer states), so a
// corrupt or hostile file gets a DataError, never a huge allocation.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "nnplay/csv_table.hpp"  // DataError
#include "nnplay/dataset.hpp"

namespace nnplay {

inline constexpr std::size_t kMaxIdxBytes = std::size_t{1} << 30;

struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> data;  // product of dims bytes, row-major
};

IdxArray parseIdx(std::span<const std::uint8_t> bytes, const std::string& source,
                  std::size_t maxBytes = kMaxIdxBytes);
// Inflates a gzip member, refusing output larger than maxBytes.
std::vector<std::uint8_t> gunzip(std::span<const std::uint8_t> bytes, const std::string& source,
                                 std::size_t maxBytes = kMaxIdxBytes);
IdxArray readIdxFile(const std::string& path);  // raw, or gzip when it starts with 1f 8b

// The four files of an MNIST-style folder: train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte
// (each optionally .gz). Images become byte inputs of rows*cols pixels.
struct IdxDataset {
  Dataset train;
  Dataset test;
  int imageRows = 0;
  int imageCols = 0;
};
IdxDataset loadIdxDirectory(const std::string& dir);

// Where Debian's dataset-fashion-mnist package puts the data.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

}  // namespace nnplay
