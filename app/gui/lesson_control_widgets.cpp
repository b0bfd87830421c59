#include "lesson_control_widgets.hpp"

#include <algorithm>

namespace nnplay::gui {

QStringList lessonControlWidgets(LessonControl control) {
  switch (control) {
    case LessonControl::Dataset:
      return {"datasetQuestion", "datasetTiles", "openDataButton"};
    case LessonControl::Samples:
      return {"samplesSpin", "samplesSpinLabel"};
    case LessonControl::Noise:
      return {"noiseSlider", "noiseSliderLabel"};
    case LessonControl::Classes:
      return {"classesSpin", "classesSpinLabel"};
    case LessonControl::TrainRatio:
      return {"ratioSlider", "ratioSliderLabel", "splitLabel"};
    case LessonControl::Validation:
      return {"validationSpin", "validationSpinLabel"};
    case LessonControl::Scaling:
      return {"scalingCombo", "scalingComboLabel"};
    case LessonControl::Target:
      return {"targetCombo", "targetComboLabel"};
    case LessonControl::Regenerate:
      return {"regenerateButton"};
    case LessonControl::Draw:
      return {"drawRow"};
    case LessonControl::Augmentation:
      return {"augmentationControls"};
    case LessonControl::Features:
      return {"featurePanel"};
    case LessonControl::Network:
      return {"addLayerButton", "removeLayerButton", "addNeuronButton_*", "removeNeuronButton_*"};
    case LessonControl::Activation:
      return {"activationCombo_*"};
    case LessonControl::Dropout:
      return {"dropoutCombo_*"};
    case LessonControl::BatchNorm:
      return {"batchNormCheck_*"};
    case LessonControl::Bias:
      return {"biasCheck_*"};
    case LessonControl::Weights:
      return {};  // a click on a link in the network view
    case LessonControl::LearningRate:
      return {"learningRateComboBox"};
    case LessonControl::Schedule:
      return {"scheduleControl"};
    case LessonControl::Optimizer:
      return {"optimizerComboBox"};
    case LessonControl::OptimizerParameters:
      return {"optimizerParametersBox"};
    case LessonControl::Loss:
      return {"lossComboBox"};
    case LessonControl::Regularization:
      return {"regularizationComboBox", "regularizationRateComboBox"};
    case LessonControl::BatchSize:
      return {"batchSpinBox"};
    case LessonControl::Initializer:
      return {"initComboBox"};
    case LessonControl::Problem:
      return {"problemComboBox"};
    case LessonControl::Seed:
      return {"seedSpinBox"};
    case LessonControl::Device:
      return {"deviceComboBox"};
    case LessonControl::EarlyStopping:
      return {"earlyStoppingBox"};
    case LessonControl::Play:
      return {"playButton"};
    case LessonControl::Step:
      return {"stepBatchButton", "stepEpochButton"};
    case LessonControl::Reset:
      return {"resetButton"};
    case LessonControl::Speed:
      return {"speedCombo", "speedCaption"};
    case LessonControl::ShowTest:
      return {"showTestCheck"};
    case LessonControl::Discretize:
      return {"discretizeCheck"};
  }
  return {};
}

std::vector<LessonControl> allLessonControls() {
  std::vector<LessonControl> all;
  for (std::size_t i = 0; i < lessonControls().size(); ++i) {
    all.push_back(static_cast<LessonControl>(i));
  }
  return all;
}

QStringList widgetsHiddenFor(const std::vector<LessonControl>& shown) {
  QStringList names;
  for (LessonControl c : allLessonControls()) {
    if (std::find(shown.begin(), shown.end(), c) == shown.end()) {
      names += lessonControlWidgets(c);
    }
  }
  return names;
}

}  // namespace nnplay::gui
