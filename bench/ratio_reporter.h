// RatioReporter and run_benchmarks: the shared driver of the bench programs.
// Each program prints, after Google Benchmark's own report, one line per
// candidate/baseline pair measured in the same run:
//   ratio <name>: <candidate>/<baseline> = X.XX (cpu; real Y.YY)
// so a claim reads as a ratio against a baseline on the same noisy machine,
// never as an absolute time.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace tlsanalyze::bench {

// RatioReporter passes every report on to the display reporter the flags ask
// for (console, JSON or CSV via --benchmark_format; colour as
// --benchmark_color says) and keeps each benchmark's time per iteration for
// the ratio lines printed at the end.
class RatioReporter : public benchmark::BenchmarkReporter {
 public:
  // The display reporter is owned by the library (one per process), so it is
  // not deleted here; it must be created after benchmark::Initialize.
  RatioReporter() : display_(benchmark::CreateDefaultDisplayReporter()) {}

  bool ReportContext(const Context& context) override { return display_->ReportContext(context); }
  void Finalize() override { display_->Finalize(); }

  void ReportRuns(const std::vector<Run>& runs) override {
    display_->ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) {
        errors_ = true;
        continue;
      }
      if (run.run_type != Run::RT_Iteration || run.iterations == 0) continue;
      Times& t = times_[run.run_name.str()];
      t.cpu.push_back(run.cpu_accumulated_time / static_cast<double>(run.iterations));
      t.real.push_back(run.real_accumulated_time / static_cast<double>(run.iterations));
    }
  }

  // print_ratio prints `ratio <name>: <candidate>/<baseline> = X.XX` on CPU
  // time (the machine is shared: CPU time is less disturbed by preemption),
  // with the wall-clock ratio beside it. Medians over --benchmark_repetitions.
  // On standard output after a console report; on standard error when the
  // report is JSON or CSV, so that stays machine-readable.
  void print_ratio(const std::string& name, const std::string& candidate, const std::string& baseline) const {
    std::FILE* out = dynamic_cast<benchmark::ConsoleReporter*>(display_) != nullptr ? stdout : stderr;
    auto c = times_.find(candidate);
    auto b = times_.find(baseline);
    if (c == times_.end() || b == times_.end()) {
      std::fprintf(out, "ratio %s: %s/%s = n/a (not run)\n", name.c_str(), candidate.c_str(),
                   baseline.c_str());
      return;
    }
    std::fprintf(out, "ratio %s: %s/%s = %.2f (cpu; real %.2f)\n", name.c_str(), candidate.c_str(),
                 baseline.c_str(), median(c->second.cpu) / median(b->second.cpu),
                 median(c->second.real) / median(b->second.real));
  }

  // errors is true when any run stopped with SkipWithError (a failed check).
  bool errors() const { return errors_; }

 private:
  struct Times {
    std::vector<double> cpu;  // seconds per iteration, one entry per repetition
    std::vector<double> real;
  };

  static double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  benchmark::BenchmarkReporter* display_;
  std::map<std::string, Times> times_;
  bool errors_ = false;
};


// Ratio names one line of the final comparison.
struct Ratio {
  std::string name, candidate, baseline;
};

// run_benchmarks is a bench program's main: short runs by default (an explicit
// --benchmark_min_time wins; per-benchmark MinTime() would override the flag,
// so the default is injected as a flag), `load` prepares the inputs (false:
// exit 1), then the ratios. Returns the process exit code: 2 for unknown
// flags, 1 when a benchmark's in-loop check failed.
inline int run_benchmarks(int argc, char** argv, const char* program, const std::function<bool()>& load,
                          const std::vector<Ratio>& ratios) {
  std::vector<char*> args(argv, argv + argc);
  char default_min_time[] = "--benchmark_min_time=0.2";
  bool has_min_time = false;
  for (int i = 1; i < argc; ++i)
    has_min_time = has_min_time || std::strncmp(argv[i], "--benchmark_min_time", 20) == 0;
  if (!has_min_time) args.insert(args.begin() + 1, default_min_time);
  int args_count = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 2;
  if (!load()) return 1;

  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  for (const Ratio& r : ratios) reporter.print_ratio(r.name, r.candidate, r.baseline);
  benchmark::Shutdown();
  if (reporter.errors()) {
    std::fprintf(stderr, "%s: a benchmark's in-loop check failed\n", program);
    return 1;
  }
  return 0;
}

}  // namespace tlsanalyze::bench
