// nnplay-cli: train, inspect data, predict, export and benchmark from a shell.
// Exit codes: 0 success, 1 runtime failure (divergence, I/O), 2 usage error.
#include <CLI/CLI.hpp>
#include <iostream>

#include "bench_command.hpp"
#include "cli_options.hpp"
#include "data_command.hpp"
#include "descent_command.hpp"
#include "devices_command.hpp"
#include "explain_command.hpp"
#include "lesson_command.hpp"
#include "matrix_command.hpp"
#include "model_command.hpp"
#include "nnplay/csv_table.hpp"
#include "nnplay/devices.hpp"
#include "nnplay/error.hpp"
#include "train_command.hpp"

int main(int argc, char** argv) {
  using namespace nnplay::cli;
  CLI::App app{"nnplay-cli: train and benchmark neural networks from the command line"};
  app.require_subcommand(1);

  TrainOptions train;
  CLI::App* trainCmd = app.add_subcommand("train", "Train a network on a dataset");
  addTrainOptions(*trainCmd, train);

  std::string dataWhat, dataTarget;
  CLI::App* dataCmd = app.add_subcommand(
      "data",
      "Show how a dataset is read: a generator name, fashion_mnist, a CSV file or an IDX folder");
  dataCmd->add_option("what", dataWhat, "Generator name, fashion_mnist, CSV file or IDX folder")
      ->required();
  dataCmd->add_option("--target", dataTarget, "Target column of a CSV table (default: the last)");

  std::string exportName, exportOut;
  nnplay::GeneratorParams exportParams;
  exportParams.samples = 0;
  double exportNoise = 0.0;
  CLI::App* exportCmd = app.add_subcommand("export-data", "Write a generated dataset to CSV");
  exportCmd->add_option("name", exportName, "Generator name")
      ->required()
      ->check(CLI::IsMember(datasetChoices()));
  exportCmd->add_option("--out", exportOut, "CSV file to write")->required();
  exportCmd->add_option("--samples", exportParams.samples, "Points (default: the generator's)")
      ->check(CLI::Range(2, 1'000'000));
  exportCmd->add_option("--noise", exportNoise, "Noise in percent (0-50)")
      ->check(CLI::Range(0.0, 50.0));
  exportCmd->add_option("--seed", exportParams.seed, "Seed");
  exportCmd->add_option("--classes", exportParams.classes, "Classes of a k-class generator")
      ->check(CLI::Range(2, 8));

  std::string modelPath, inputPath, outputPath, exportFormat = "npz";
  CLI::App* predictCmd =
      app.add_subcommand("predict", "Outputs of a saved model for the rows of a CSV file");
  predictCmd->add_option("model", modelPath, "Saved model (.nnplay.json)")->required();
  predictCmd->add_option("--input", inputPath, "CSV file with the model's input columns")
      ->required();
  predictCmd->add_option("--output", outputPath,
                         "Write the outputs here (default: standard output)");
  bool exportWithData = false;
  CLI::App* exportModelCmd = app.add_subcommand(
      "export", "Export a saved model: its weights, or a Keras or PyTorch script");
  exportModelCmd->add_option("model", modelPath, "Saved model (.nnplay.json)")->required();
  exportModelCmd
      ->add_option("--format", exportFormat,
                   "npz (NumPy), onnx, json, or a runnable Python script: keras or pytorch "
                   "(with the trained weights as OUT's stem .npz beside it)")
      ->check(CLI::IsMember({"npz", "onnx", "json", "keras", "pytorch"}))
      ->capture_default_str();
  exportModelCmd->add_option("--out", outputPath, "File to write")->required();
  exportModelCmd->add_flag("--with-data", exportWithData,
                           "keras, pytorch: also write the data as nnplay split it "
                           "(OUT's stem + _data.csv; image folders are read in place)");
  CLI::App* infoCmd = app.add_subcommand("info", "Describe a saved model");
  infoCmd->add_option("model", modelPath, "Saved model (.nnplay.json)")->required();

  CLI::App* devicesCmd = app.add_subcommand("devices", "List the CPU and every OpenCL device");

  MatrixOptions matrix;
  CLI::App* matrixCmd = app.add_subcommand(
      "matrix", "The matrix playground: A·B with the shape rule, or A+B, A−B, A⊙B");
  matrixCmd->add_option("A", matrix.a, "A matrix: \"[[0,2,4,6],[8,10,12,14]]\" or \"0 2; 4 6\"")
      ->required();
  matrixCmd->add_option("B", matrix.b, "A second matrix");
  matrixCmd->add_option("--op", matrix.op, "product, add, subtract or hadamard (element-wise)")
      ->check(CLI::IsMember({"product", "add", "subtract", "hadamard"}))
      ->capture_default_str();
  matrixCmd->add_option("--activation", matrix.activation,
                        "Apply an activation to the result, element-wise (softmax: per row)");
  matrixCmd->add_option("--cell", matrix.cell,
                        "Write cell ROW,COL (from 1) of A·B out as its dot product");

  ExplainOptions explain;
  CLI::App* explainCmd = app.add_subcommand(
      "explain", "The math of one sample through a saved model: forward, loss, backward, update");
  explainCmd->add_option("model", explain.model, "Saved model (.nnplay.json)")->required();
  explainCmd
      ->add_option("--input", explain.input,
                   "The sample's raw inputs: \"x1=0.5,x2=-1\" by name, or \"0.5,-1\" in order")
      ->required();
  explainCmd->add_option("--target", explain.target,
                         "Its target: a class name or index, or a value (the loss needs it)");
  explainCmd->add_option("--device", explain.device, "cpu, opencl, opencl:N or opencl:NAME")
      ->capture_default_str();
  explainCmd->add_flag("--json", explain.json,
                       "One JSON object: forward[l].z/a, backward[l].delta, grad, update, ...");

  DescendOptions descendOpt;
  CLI::App* descendCmd = app.add_subcommand(
      "descend", "An optimizer's path on a loss surface (the gradient-descent lab)");
  descendCmd
      ->add_option("--surface", descendOpt.surface,
                   "bowl, valley, rosenbrock, saddle, minima, cliff, or "
                   "linreg:FILE.csv:COLUMN:TARGET")
      ->capture_default_str();
  descendCmd->add_option("--optimizer", descendOpt.optimizer, nnplay::optimizerNames())
      ->capture_default_str();
  descendCmd->add_option("--lr", descendOpt.settings.learningRate,
                         "Learning rate (default: one that suits the surface)");
  descendCmd->add_option("--momentum", descendOpt.settings.momentum, "momentum, nesterov")
      ->capture_default_str();
  descendCmd->add_option("--rho", descendOpt.settings.rho, "rmsprop")->capture_default_str();
  descendCmd->add_option("--beta1", descendOpt.settings.beta1, "adam")->capture_default_str();
  descendCmd->add_option("--beta2", descendOpt.settings.beta2, "adam")->capture_default_str();
  descendCmd->add_option("--epsilon", descendOpt.settings.epsilon, "rmsprop, adam")
      ->capture_default_str();
  descendCmd->add_option("--start", descendOpt.start, "x,y (default: the surface's own)");
  descendCmd->add_option("--steps", descendOpt.steps, "Steps")
      ->check(CLI::Range(0, 1'000'000))
      ->capture_default_str();
  descendCmd->add_option("--batch", descendOpt.batch, "linreg: batch size (default: all rows)")
      ->check(CLI::Range(1, 100'000'000));
  descendCmd->add_option("--seed", descendOpt.seed, "linreg: seed of the batches");
  descendCmd->add_flag("--json", descendOpt.json, "One JSON object; its path: step, x, y, loss");

  LandscapeOptions landscapeOpt;
  CLI::App* landscapeCmd = app.add_subcommand(
      "landscape", "A slice of a saved model's training loss around its weights");
  landscapeCmd->add_option("model", landscapeOpt.model, "Saved model (.nnplay.json)")->required();
  landscapeCmd->add_option("--resolution", landscapeOpt.resolution, "Grid points a side (odd)")
      ->check(CLI::Range(3, 201))
      ->capture_default_str();
  landscapeCmd->add_option("--span", landscapeOpt.span, "The slice covers [-span, span]²")
      ->capture_default_str();
  landscapeCmd->add_option("--seed", landscapeOpt.seed, "Seed of the two random directions");
  landscapeCmd->add_flag("--json", landscapeOpt.json, "One JSON object with the grid");
  landscapeCmd->add_flag("--csv", landscapeOpt.csv, "a,b,loss rows");

  LessonCheckOptions lessonCheck;
  CLI::App* lessonCmd = app.add_subcommand("lesson", "Lesson files (resources/lessons)");
  lessonCmd->require_subcommand(1);
  CLI::App* lessonCheckCmd = lessonCmd->add_subcommand(
      "check",
      "Load lessons, apply every step and train each task's solution until its goal is met");
  lessonCheckCmd->add_option("files", lessonCheck.files, "Lesson files (.json)")->required();
  lessonCheckCmd
      ->add_option("--time-limit", lessonCheck.timeLimit, "Seconds a step's task may train")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();

  BenchOptions bench;
  CLI::App* benchCmd = app.add_subcommand("bench", "Run a fixed benchmark and print its figures");
  benchCmd->require_subcommand(1);
  CLI::App* playground = benchCmd->add_subcommand(
      "playground", "TF Playground's default-size spiral task, 2000 epochs");
  CLI::App* mlp =
      benchCmd->add_subcommand("mlp", "One epoch of 784-256-128-10 on 60,000 synthetic samples");
  double sessionSeconds = 1.0;
  CLI::App* sessionBench =
      benchCmd->add_subcommand("session",
                               "Training session throughput vs a bare trainer: publishing off, 60 "
                               "snapshots/s, and a 60 Hz reader");
  sessionBench->add_option("--seconds", sessionSeconds, "Training time of each of the four runs")
      ->check(CLI::Range(0.2, 600.0));
  for (CLI::App* b : {playground, mlp, sessionBench}) {
    b->add_option("--repeat", bench.repeat, "Runs; the median is reported")
        ->check(CLI::Range(1, 1000));
    b->add_option("--seed", bench.seed, "Seed");
    b->add_flag("--json", bench.json, "Print one line of JSON");
  }
  playground->add_option("--epochs", bench.epochs, "Epochs per run")->check(CLI::Range(1, 1000000));
  mlp->add_option("--batch", bench.batch, "Batch size")->check(CLI::Range(1, 60000));
  mlp->add_option("--augment", bench.augment,
                  "Also time epochs with this augmentation (as train's --augment), side by side");
  for (CLI::App* b : {playground, mlp}) {
    b->add_option("--device", bench.device, "cpu, opencl, opencl:N or opencl:NAME");
  }
  mlp->callback([&bench, mlp] {
    if (mlp->count("--repeat") == 0) bench.repeat = 3;
  });
  sessionBench->callback([&bench, sessionBench] {
    if (sessionBench->count("--repeat") == 0) bench.repeat = 3;
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "usage error: " << e.what() << "\nRun with --help for the options.\n";
    return 2;
  }

  try {
    if (*trainCmd) return runTrain(train, std::cout, std::cerr);
    if (*dataCmd) return runData(dataWhat, dataTarget, std::cout);
    if (*predictCmd) return runPredict(modelPath, inputPath, outputPath, std::cout);
    if (*exportModelCmd) {
      return runExport(modelPath, exportFormat, outputPath, exportWithData, std::cout);
    }
    if (*infoCmd) return runInfo(modelPath, std::cout);
    if (*devicesCmd) return runDevices(std::cout);
    if (*matrixCmd) return runMatrix(matrix, std::cout);
    if (*explainCmd) return runExplain(explain, std::cout);
    if (*descendCmd) return runDescend(descendOpt, std::cout);
    if (*landscapeCmd) return runLandscape(landscapeOpt, std::cout);
    if (*lessonCheckCmd) return runLessonCheck(lessonCheck, std::cout);
    if (*exportCmd) {
      exportParams.noise = exportNoise / 100.0;
      return runExportData(exportName, exportParams, exportOut, std::cout);
    }
    if (*playground) return runBenchPlayground(bench, std::cout);
    if (*mlp) return runBenchMlp(bench, std::cout);
    if (*sessionBench) return runBenchSession(bench, sessionSeconds, std::cout);
  } catch (const nnplay::SpecError& e) {
    std::cerr << "usage error: " << e.what() << "\n";
    return 2;
  } catch (const nnplay::DeviceError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const nnplay::DataError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
