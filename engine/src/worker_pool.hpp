#pragma once
// The CPU backend's helper threads: one per extra core. A job is split into a
// fixed number of parts (the pool's size, whatever else is running), so that
// a result never depends on how busy the machine was. The caller and the
// helpers claim parts one at a time, so a helper that is slow to wake (the
// machine is busy with the window or other programs) never holds the caller
// up: the caller then runs the parts itself. Helpers spin for a moment after
// a job, because a training step issues the next one within microseconds, and
// then sleep. A caller that finds the pool busy (another thread's job) runs
// all parts itself. A helper that wakes late never holds the next job up
// either: claims carry the job's generation, so a late helper's claim on a
// job that has ended fails instead of being waited for.
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
  // Claims part `part` of job `generation` if that job is still running and
  // has an unclaimed part.
  bool claim(std::uint32_t generation, int& part);

  std::mutex busy_;  // one job at a time
  // The job: written once every part of the one before is done (done_), and
  // published by storing claim_ (release); read after a successful claim.
  const void* fn_ = nullptr;
  Call call_ = nullptr;
  std::uint32_t jobs_ = 0;  // the last job's generation (under busy_)
  // generation << 32 | parts << 16 | the next part to claim
  std::atomic<std::uint64_t> claim_{0};
  std::atomic<std::uint32_t> generation_{0};  // what helpers wait on
  std::atomic<int> done_{0};                  // parts of the job finished
  std::atomic<bool> stop_{false};
};

}  // namespace nnplay
