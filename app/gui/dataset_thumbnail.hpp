#pragma once
// A small picture of a generated dataset for its tile: the points of a
// 250-sample draw in their class colours (or, for regression, coloured by
// value on the diverging scale; 1-D curves as y over x).
#include <QPixmap>
#include <string_view>

namespace nnplay::gui {

QPixmap datasetThumbnail(std::string_view generator, int size);

}  // namespace nnplay::gui
