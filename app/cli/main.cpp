// nnplay-cli: train, benchmark (and later predict and export) from a shell.
// Exit codes: 0 success, 1 runtime failure (divergence, I/O), 2 usage error.
#include <CLI/CLI.hpp>
#include <iostream>

#include "bench_command.hpp"
#include "cli_options.hpp"
#include "nnplay/error.hpp"
#include "train_command.hpp"

int main(int argc, char** argv) {
  using namespace nnplay::cli;
  CLI::App app{"nnplay-cli: train and benchmark neural networks from the command line"};
  app.require_subcommand(1);

  TrainOptions train;
  CLI::App* trainCmd = app.add_subcommand("train", "Train a network on a dataset");
  addTrainOptions(*trainCmd, train);

  BenchOptions bench;
  CLI::App* benchCmd = app.add_subcommand("bench", "Run a fixed benchmark and print its figures");
  benchCmd->require_subcommand(1);
  CLI::App* playground = benchCmd->add_subcommand(
      "playground", "TF Playground's default-size spiral task, 2000 epochs");
  CLI::App* mlp =
      benchCmd->add_subcommand("mlp", "One epoch of 784-256-128-10 on 60,000 synthetic samples");
  for (CLI::App* b : {playground, mlp}) {
    b->add_option("--repeat", bench.repeat, "Runs; the median is reported")
        ->check(CLI::Range(1, 1000));
    b->add_option("--seed", bench.seed, "Seed");
    b->add_flag("--json", bench.json, "Print one line of JSON");
  }
  playground->add_option("--epochs", bench.epochs, "Epochs per run")->check(CLI::Range(1, 1000000));
  mlp->callback([&bench, mlp] {
    if (mlp->count("--repeat") == 0) bench.repeat = 3;
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
    if (*playground) return runBenchPlayground(bench, std::cout);
    if (*mlp) return runBenchMlp(bench, std::cout);
  } catch (const nnplay::SpecError& e) {
    std::cerr << "usage error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
