#pragma once
// The CPU backend's helper threads: one per extra core. A job is split into a
// fixed number of parts (the pool's size, whatever else is running), so that
// a result never depends on how busy the machine was. The caller and the
// helpers claim parts one at a time, so a helper that is slow to wake (the
// machine is busy with the window or other programs) never holds the caller
// up: the caller then runs the parts itself. Helpers spin for a moment after
// a job, because a training step issues the next one within microseconds, and
// then sleep. A caller that finds the pool busy (another thread's job, or a
// helper still finishing the last one) runs all parts itself.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__SSE__)
#include <immintrin.h>
#endif

namespace nnplay {

// Flush-to-zero and denormals-are-zero for SSE/AVX arithmetic on the calling
// thread. Values below 1.2e-38 become 0, far under every tolerance that
// compares nnplay with PyTorch.
inline void flushDenormalsToZero() {
#if defined(__SSE__)
  _mm_setcsr(_mm_getcsr() | 0x8040u);
#endif
}

// Training threads (the session's, the pool's helpers) run 5 nice levels
// below the threads that started them, so that a window's own thread gets a
// core at once when it has a frame to paint. Alone on the machine they run
// as fast as before.
void lowerThisThreadsPriority();

class WorkerPool {
 public:
  // Threads: NNPLAY_THREADS if set (1 to 64), else the cores this process may use.
  static WorkerPool& instance();

  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const { return threads_; }

  // Calls part(i) for every i in [0, parts): parts <= threads() run at once.
  template <class F>
  void run(int parts, const F& part) {
    runErased(parts, &part, [](const void* f, int i) { (*static_cast<const F*>(f))(i); });
  }

 private:
  using Call = void (*)(const void*, int);
  void runErased(int parts, const void* f, Call call);
  void work();

  int threads_;
  std::vector<std::thread> helpers_;
  std::mutex busy_;  // one job at a time
  // The job: written while every helper has acknowledged the one before, and
  // published by bumping generation_ (release; read after an acquire).
  const void* fn_ = nullptr;
  Call call_ = nullptr;
  int parts_ = 0;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<int> next_{0};   // the next part to claim
  std::atomic<int> done_{0};   // parts finished
  std::atomic<int> acked_{0};  // helpers done with the current job
  std::atomic<bool> stop_{false};
};

}  // namespace nnplay
