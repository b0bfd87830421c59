#pragma once
// A small picture of a generated dataset for its tile: the points of a
// 250-sample draw in their class colours (or, for regression, coloured by
// value on the diverging scale; 1-D curves as y over x).
#include <QPixmap>
#include <string>
#include <string_view>

namespace nnplay::gui {

QPixmap datasetThumbnail(std::string_view generator, int size);

}  // namespace nnplay::gui

namespace nnplay::gui {

// A table's tile: a small grid of cells, the target column in class colours
// (or a value gradient for regression).
QPixmap tableThumbnail(bool regression, int classes, int size);
// Fashion-MNIST's tile: the first four test images, read from the gzip file
// (only their bytes are inflated). A plain picture if the file cannot be read.
QPixmap imagesThumbnail(const std::string& folder, int size);

}  // namespace nnplay::gui
