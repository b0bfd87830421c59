#include "worker_pool.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string>

namespace nnplay {

namespace {

void pause() {
#if defined(__SSE__)
  _mm_pause();
#endif
}

// A helper waits for the next job by spinning (the next job of a training
// step comes within microseconds), then by yielding its core to any other
// thread that wants it (the window's own thread), then by sleeping.
constexpr int kSpins = 2000;
constexpr int kYields = 2000;

int defaultThreads() {
  if (const char* env = std::getenv("NNPLAY_THREADS")) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v >= 1 && v <= 64) return static_cast<int>(v);
  }
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::clamp(CPU_COUNT(&set), 1, 64);
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 64);
}

}  // namespace

void lowerThisThreadsPriority() {
#ifdef __linux__
  // On Linux the "process" of PRIO_PROCESS is the thread with that id.
  const pid_t self = gettid();
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, static_cast<id_t>(self));
  if (errno == 0) setpriority(PRIO_PROCESS, static_cast<id_t>(self), std::min(now + 5, 19));
#endif
}

WorkerPool& WorkerPool::instance() {
  static WorkerPool pool(defaultThreads());
  return pool;
}

WorkerPool::WorkerPool(int threads) : threads_(std::max(threads, 1)) {
  for (int i = 1; i < threads_; ++i) helpers_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(busy_);
    stop_.store(true);
    generation_.store(++jobs_, std::memory_order_release);
  }
  generation_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

bool WorkerPool::claim(std::uint32_t generation, int& part) {
  std::uint64_t w = claim_.load(std::memory_order_acquire);
  for (;;) {
    if (static_cast<std::uint32_t>(w >> 32) != generation) return false;
    const auto parts = static_cast<int>((w >> 16) & 0xffffu);
    const auto next = static_cast<int>(w & 0xffffu);
    if (next >= parts) return false;
    if (claim_.compare_exchange_weak(w, w + 1, std::memory_order_acq_rel,
                                     std::memory_order_acquire)) {
      part = next;
      return true;
    }
  }
}

void WorkerPool::runErased(int parts, const void* f, Call call) {
  if (parts <= 1 || helpers_.empty()) {  // the common case at playground sizes: no lock
    for (int i = 0; i < parts; ++i) call(f, i);
    return;
  }
  std::unique_lock lock(busy_, std::try_to_lock);
  if (!lock.owns_lock() || parts > 0xffff) {
    for (int i = 0; i < parts; ++i) call(f, i);
    return;
  }
  // Every part of the last job is done (its caller waited for that), so no
  // helper still reads fn_ or call_, nor counts in done_.
  fn_ = f;
  call_ = call;
  done_.store(0, std::memory_order_relaxed);
  const std::uint32_t generation = ++jobs_;
  claim_.store(static_cast<std::uint64_t>(generation) << 32 | static_cast<std::uint64_t>(parts)
                                                                  << 16,
               std::memory_order_release);
  generation_.store(generation, std::memory_order_release);
  generation_.notify_all();
  int part = 0;
  while (claim(generation, part)) {
    call(f, part);
    done_.fetch_add(1, std::memory_order_release);
  }
  // Only parts a helper has claimed and is running are waited for.
  for (int spins = 0; done_.load(std::memory_order_acquire) != parts; ++spins) {
    if (spins < kSpins) {
      pause();
    } else {
      std::this_thread::yield();
    }
  }
}

void WorkerPool::work() {
  flushDenormalsToZero();
  lowerThisThreadsPriority();
  std::uint32_t seen = 0;
  for (;;) {
    std::uint32_t g = generation_.load(std::memory_order_acquire);
    for (int spins = 0; g == seen && spins < kSpins + kYields; ++spins) {
      if (spins < kSpins) {
        pause();
      } else {
        std::this_thread::yield();
      }
      g = generation_.load(std::memory_order_acquire);
    }
    if (g == seen) {
      generation_.wait(seen, std::memory_order_acquire);
      continue;
    }
    seen = g;
    if (stop_.load()) return;
    int part = 0;
    while (claim(g, part)) {
      call_(fn_, part);
      done_.fetch_add(1, std::memory_order_release);
    }
  }
}

}  // namespace nnplay
