// nnplay's OpenCL kernels: everything a training step needs besides the
// matrix products (those go to CLBlast). Each kernel mirrors a CpuBackend
// method; ids follow the enums of activation.hpp, loss.hpp and optimizer.hpp.
// OpenCL C 1.2, float only. Every buffer argument is a (buffer, offset)
// pair: the engine's views point into flat buffers at any float offset, and
// OpenCL 1.2 sub-buffers need aligned offsets.

// ---- data movement ---------------------------------------------------------

__kernel void gather_rows(__global const float* src_b, ulong src_o, int cols, __global const uint* rows_b, ulong rows_o, __global float* dst_b, ulong dst_o) {
  __global const float* src = src_b + src_o;
  __global const uint* rows = rows_b + rows_o;
  __global float* dst = dst_b + dst_o;

  const int r = get_global_id(0);
  const int j = get_global_id(1);
  dst[r * cols + j] = src[(ulong)rows[r] * cols + j];
}

__kernel void gather_rows_u8(__global const uchar* src_b, ulong src_o, int cols, __global const uint* rows_b, ulong rows_o, float scale, __global float* dst_b, ulong dst_o) {
  __global const uchar* src = src_b + src_o;
  __global const uint* rows = rows_b + rows_o;
  __global float* dst = dst_b + dst_o;

  const int r = get_global_id(0);
  const int j = get_global_id(1);
  dst[r * cols + j] = (float)src[(ulong)rows[r] * cols + j] * scale;
}

__kernel void add_row_vector(__global float* m_b, ulong m_o, __global const float* v_b, ulong v_o, int cols) {
  __global float* m = m_b + m_o;
  __global const float* v = v_b + v_o;

  const int r = get_global_id(0);
  const int j = get_global_id(1);
  m[r * cols + j] += v[j];
}

__kernel void column_sums(__global const float* m_b, ulong m_o, int rows, int cols, __global float* out_b, ulong out_o) {
  __global const float* m = m_b + m_o;
  __global float* out = out_b + out_o;

  const int j = get_global_id(0);
  float s = 0.0f;
  for (int r = 0; r < rows; ++r) s += m[r * cols + j];
  out[j] = s;
}

__kernel void multiply(__global const float* a_b, ulong a_o, __global const float* b_b, ulong b_o, __global float* out_b, ulong out_o) {
  __global const float* a = a_b + a_o;
  __global const float* b = b_b + b_o;
  __global float* out = out_b + out_o;

  const int i = get_global_id(0);
  out[i] = a[i] * b[i];
}

// ---- activations (ActivationId order) ---------------------------------------
// 0 linear, 1 sigmoid, 2 tanh, 3 relu, 4 leaky_relu, 5 elu, 6 gelu, 7 swish,
// 8 softplus, 9 binary_step; softmax (10) has its own kernels.

float sigm(float x) { return 1.0f / (1.0f + exp(-x)); }

__kernel void activation_forward(int id, __global const float* z_b, ulong z_o, __global float* a_b, ulong a_o) {
  __global const float* z = z_b + z_o;
  __global float* a = a_b + a_o;

  const int i = get_global_id(0);
  const float x = z[i];
  float y;
  switch (id) {
    case 0: y = x; break;
    case 1: y = sigm(x); break;
    case 2: y = tanh(x); break;
    case 3: y = fmax(x, 0.0f); break;
    case 4: y = x > 0.0f ? x : 0.01f * x; break;
    case 5: y = x > 0.0f ? x : exp(x) - 1.0f; break;
    case 6: y = 0.5f * x * (1.0f + erf(x * 0.70710678f)); break;
    case 7: y = x * sigm(x); break;
    case 8: y = fmax(x, 0.0f) + log1p(exp(-fabs(x))); break;
    default: y = x >= 0.0f ? 1.0f : 0.0f; break;
  }
  a[i] = y;
}

__kernel void activation_backward(int id, __global const float* z_b, ulong z_o, __global const float* a_b, ulong a_o, __global const float* da_b, ulong da_o, __global float* dz_b, ulong dz_o) {
  __global const float* z = z_b + z_o;
  __global const float* a = a_b + a_o;
  __global const float* da = da_b + da_o;
  __global float* dz = dz_b + dz_o;

  const int i = get_global_id(0);
  const float x = z[i];
  const float y = a[i];
  const float d = da[i];
  float g;
  switch (id) {
    case 0: g = d; break;
    case 1: g = d * y * (1.0f - y); break;
    case 2: g = d * (1.0f - y * y); break;
    case 3: g = x > 0.0f ? d : 0.0f; break;
    case 4: g = x > 0.0f ? d : 0.01f * d; break;
    case 5: g = x > 0.0f ? d : d * (y + 1.0f); break;
    case 6: {
      const float cdf = 0.5f * (1.0f + erf(x * 0.70710678f));
      const float pdf = 0.3989422804f * exp(-0.5f * x * x);
      g = d * (cdf + x * pdf);
      break;
    }
    case 7: {
      const float s = sigm(x);
      g = d * (s + y * (1.0f - s));
      break;
    }
    case 8: g = d * sigm(x); break;
    default: g = d; break;  // binary step: straight-through estimator
  }
  dz[i] = g;
}

__kernel void softmax_forward(__global const float* z_b, ulong z_o, __global float* a_b, ulong a_o, int cols) {
  __global const float* z = z_b + z_o;
  __global float* a = a_b + a_o;

  const int r = get_global_id(0);
  __global const float* zr = z + r * cols;
  __global float* ar = a + r * cols;
  float m = zr[0];
  for (int j = 1; j < cols; ++j) m = fmax(m, zr[j]);
  float s = 0.0f;
  for (int j = 0; j < cols; ++j) {
    ar[j] = exp(zr[j] - m);
    s += ar[j];
  }
  for (int j = 0; j < cols; ++j) ar[j] /= s;
}

__kernel void softmax_backward(__global const float* a_b, ulong a_o, __global const float* da_b, ulong da_o, __global float* dz_b, ulong dz_o, int cols) {
  __global const float* a = a_b + a_o;
  __global const float* da = da_b + da_o;
  __global float* dz = dz_b + dz_o;

  const int r = get_global_id(0);
  float dot = 0.0f;
  for (int j = 0; j < cols; ++j) dot += da[r * cols + j] * a[r * cols + j];
  for (int j = 0; j < cols; ++j) dz[r * cols + j] = a[r * cols + j] * (da[r * cols + j] - dot);
}

// ---- dropout: the CPU's counter hash, bit for bit ----------------------------

ulong mix64(ulong x) {
  x += 0x9E3779B97F4A7C15UL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
  return x ^ (x >> 31);
}

__kernel void dropout_forward(__global const float* x_b, ulong x_o, __global float* mask_b, ulong mask_o, __global float* y_b, ulong y_o, float rate, ulong seed, ulong step) {
  __global const float* x = x_b + x_o;
  __global float* mask = mask_b + mask_o;
  __global float* y = y_b + y_o;

  const ulong i = get_global_id(0);
  const ulong h = mix64(seed ^ mix64(step ^ mix64(i)));
  const float u = (float)(h >> 40) * (1.0f / 16777216.0f);
  const float m = u >= rate ? 1.0f / (1.0f - rate) : 0.0f;
  mask[i] = m;
  y[i] = x[i] * m;
}

// ---- batch norm (one work-item per column) -----------------------------------

__kernel void batchnorm_forward(__global const float* x_b, ulong x_o, __global float* y_b, ulong y_o, __global float* xhat_b, ulong xhat_o, __global float* invStd_b, ulong invStd_o, __global const float* gamma_b, ulong gamma_o, __global const float* beta_b, ulong beta_o, __global float* runMean_b, ulong runMean_o, __global float* runVar_b, ulong runVar_o, int rows, int cols, float eps, float momentum, int training) {
  __global const float* x = x_b + x_o;
  __global float* y = y_b + y_o;
  __global float* xhat = xhat_b + xhat_o;
  __global float* invStd = invStd_b + invStd_o;
  __global const float* gamma = gamma_b + gamma_o;
  __global const float* beta = beta_b + beta_o;
  __global float* runMean = runMean_b + runMean_o;
  __global float* runVar = runVar_b + runVar_o;

  const int j = get_global_id(0);
  float mean, var;
  if (training) {
    float s = 0.0f;
    for (int r = 0; r < rows; ++r) s += x[r * cols + j];
    mean = s / rows;
    float ss = 0.0f;
    for (int r = 0; r < rows; ++r) {
      const float d = x[r * cols + j] - mean;
      ss += d * d;
    }
    var = ss / rows;
    const float unbiased = rows > 1 ? ss / (rows - 1) : ss;
    runMean[j] = (1.0f - momentum) * runMean[j] + momentum * mean;
    runVar[j] = (1.0f - momentum) * runVar[j] + momentum * unbiased;
  } else {
    mean = runMean[j];
    var = runVar[j];
  }
  const float is = 1.0f / sqrt(var + eps);
  invStd[j] = is;
  for (int r = 0; r < rows; ++r) {
    const float h = (x[r * cols + j] - mean) * is;
    xhat[r * cols + j] = h;
    y[r * cols + j] = gamma[j] * h + beta[j];
  }
}

__kernel void batchnorm_backward(__global const float* dy_b, ulong dy_o, __global const float* xhat_b, ulong xhat_o, __global const float* invStd_b, ulong invStd_o, __global const float* gamma_b, ulong gamma_o, __global float* dx_b, ulong dx_o, __global float* dgamma_b, ulong dgamma_o, __global float* dbeta_b, ulong dbeta_o, int rows, int cols, int wantDx, int training) {
  __global const float* dy = dy_b + dy_o;
  __global const float* xhat = xhat_b + xhat_o;
  __global const float* invStd = invStd_b + invStd_o;
  __global const float* gamma = gamma_b + gamma_o;
  __global float* dx = dx_b + dx_o;
  __global float* dgamma = dgamma_b + dgamma_o;
  __global float* dbeta = dbeta_b + dbeta_o;

  const int j = get_global_id(0);
  float sumD = 0.0f, sumDH = 0.0f;
  for (int r = 0; r < rows; ++r) {
    sumD += dy[r * cols + j];
    sumDH += dy[r * cols + j] * xhat[r * cols + j];
  }
  dgamma[j] = sumDH;
  dbeta[j] = sumD;
  if (wantDx && !training) {
    for (int r = 0; r < rows; ++r) dx[r * cols + j] = dy[r * cols + j] * gamma[j] * invStd[j];
  } else if (wantDx) {
    const float n = (float)rows;
    const float k = gamma[j] * invStd[j] / n;
    for (int r = 0; r < rows; ++r) {
      dx[r * cols + j] = k * (n * dy[r * cols + j] - sumD - xhat[r * cols + j] * sumDH);
    }
  }
}

// ---- losses (LossId order): per-row loss, gradient of the batch mean --------
// 0 mse, 1 half_mse, 2 mae, 3 huber, 4 bce (logits), 5 ce (logits, softmax a)

__kernel void loss_rows(int id, __global const float* z_b, ulong z_o, __global const float* a_b, ulong a_o, __global const float* t_b, ulong t_o, __global float* grad_b, ulong grad_o, __global float* rowLoss_b, ulong rowLoss_o, int rows, int cols, int tcols) {
  __global const float* z = z_b + z_o;
  __global const float* a = a_b + a_o;
  __global const float* t = t_b + t_o;
  __global float* grad = grad_b + grad_o;
  __global float* rowLoss = rowLoss_b + rowLoss_o;

  const int r = get_global_id(0);
  float sum = 0.0f;
  if (id == 5) {
    float m = z[r * cols];
    for (int j = 1; j < cols; ++j) m = fmax(m, z[r * cols + j]);
    float se = 0.0f;
    for (int j = 0; j < cols; ++j) se += exp(z[r * cols + j] - m);
    const float lse = m + log(se);
    for (int j = 0; j < cols; ++j) {
      const float tj = tcols == 1 ? ((int)t[r] == j ? 1.0f : 0.0f) : t[r * cols + j];
      sum += tj * (lse - z[r * cols + j]);
      grad[r * cols + j] = (a[r * cols + j] - tj) / rows;
    }
    rowLoss[r] = sum;
    return;
  }
  const float scale = 1.0f / (rows * cols);
  for (int j = 0; j < cols; ++j) {
    const int i = r * cols + j;
    const float d = a[i] - t[i];
    float l, g;
    switch (id) {
      case 0: l = d * d; g = 2.0f * d; break;
      case 1: l = 0.5f * d * d; g = d; break;
      case 2: l = fabs(d); g = d > 0.0f ? 1.0f : (d < 0.0f ? -1.0f : 0.0f); break;
      case 3: {
        const float ad = fabs(d);
        l = ad <= 1.0f ? 0.5f * d * d : ad - 0.5f;
        g = clamp(d, -1.0f, 1.0f);
        break;
      }
      default: {
        const float x = z[i];
        l = fmax(x, 0.0f) - x * t[i] + log1p(exp(-fabs(x)));
        g = d;  // sigmoid(z) - t
        break;
      }
    }
    sum += l;
    grad[i] = g * scale;
  }
  rowLoss[r] = sum / cols;
}

// lossSum[0] += sum of rowLoss (a single work-item: batches are small).
__kernel void sum_into(__global const float* values_b, ulong values_o, int n, __global float* total_b, ulong total_o) {
  __global const float* values = values_b + values_o;
  __global float* total = total_b + total_o;

  float s = 0.0f;
  for (int i = 0; i < n; ++i) s += values[i];
  total[0] += s;
}

// ---- regularization and optimizers ------------------------------------------

__kernel void regularize(__global const float* w_b, ulong w_o, __global float* g_b, ulong g_o, float l1, float l2) {
  __global const float* w = w_b + w_o;
  __global float* g = g_b + g_o;

  const int i = get_global_id(0);
  const float x = w[i];
  g[i] += l2 * x + l1 * (float)((x > 0.0f) - (x < 0.0f));
}

// 0 sgd, 1 momentum, 2 nesterov, 3 rmsprop, 4 adam (PyTorch's rules).
__kernel void optimizer_step(int id, __global float* w_b, ulong w_o, __global const float* g_b, ulong g_o, __global float* s1_b, ulong s1_o, __global float* s2_b, ulong s2_o, float lr, float mu, float rho, float beta1, float beta2, float eps, float stepSize, float invSqrtC2) {
  __global float* w = w_b + w_o;
  __global const float* g = g_b + g_o;
  __global float* s1 = s1_b + s1_o;
  __global float* s2 = s2_b + s2_o;

  const int i = get_global_id(0);
  const float gi = g[i];
  switch (id) {
    case 0: w[i] -= lr * gi; break;
    case 1: {
      const float v = mu * s1[i] + gi;
      s1[i] = v;
      w[i] -= lr * v;
      break;
    }
    case 2: {
      const float v = mu * s1[i] + gi;
      s1[i] = v;
      w[i] -= lr * (gi + mu * v);
      break;
    }
    case 3: {
      const float s = rho * s1[i] + (1.0f - rho) * gi * gi;
      s1[i] = s;
      w[i] -= lr * gi / (sqrt(s) + eps);
      break;
    }
    default: {
      const float m = beta1 * s1[i] + (1.0f - beta1) * gi;
      const float v = beta2 * s2[i] + (1.0f - beta2) * gi * gi;
      s1[i] = m;
      s2[i] = v;
      w[i] -= stepSize * m / (sqrt(v) * invSqrtC2 + eps);
      break;
    }
  }
}
