/*
 * Training kernels the tfjs wasm backend lacks or runs slowly, compiled to WebAssembly SIMD
 * (build.sh) and instantiated against the tfjs wasm module's own memory, so they read and write
 * tensors in place: every pointer argument is a byte offset into that memory.
 *
 * Rules that keep sharing the memory safe: no static data, no stack use (only scalar and v128
 * locals, no arrays, no address-taken locals), no calls into libc. build.sh checks the output
 * has no data segment and never touches __stack_pointer.
 *
 * Layouts are NHWC; depthwise filters are [FH, FW, C] (channel multiplier 1).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

static inline v128_t ld(const float* p) { return wasm_v128_load(p); }
static inline void st(float* p, v128_t v) { wasm_v128_store(p, v); }
static inline v128_t fma4(v128_t acc, v128_t a, v128_t b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }

/* First output index o in [0, outSize) with o*stride + k - pad >= 0, and one past the last with
   o*stride + k - pad < inSize. */
static inline int firstValid(int k, int pad, int stride) {
  int t = pad - k;
  return t <= 0 ? 0 : (t + stride - 1) / stride;
}
static inline int endValid(int k, int pad, int stride, int inSize, int outSize) {
  int t = inSize + pad - k; /* o*stride < t */
  if (t <= 0) return 0;
  int e = (t + stride - 1) / stride;
  return e < outSize ? e : outSize;
}

/*
 * dW[kh,kw,c] = sum over n,oh,ow of x[n, oh*sh+kh-pt, ow*sw+kw-pl, c] * dy[n,oh,ow,c].
 * For each output row and filter tap, a run along ow accumulates 16 channels in registers, then
 * adds into dW (small enough to stay in L1).
 */
EXPORT(depthwise_filter_grad)
void depthwise_filter_grad(const float* x, const float* dy, float* dw,
                           int n, int h, int w, int c, int oh, int ow,
                           int fh, int fw, int sh, int sw, int pt, int pl) {
  for (int i = 0; i < fh * fw * c; i++) dw[i] = 0.0f;
  int c16 = c & ~15, c4 = c & ~3;
  for (int b = 0; b < n; b++) {
    for (int y = 0; y < oh; y++) {
      const float* dyRow = dy + ((long)(b * oh + y) * ow) * c;
      for (int kh = 0; kh < fh; kh++) {
        int iy = y * sh + kh - pt;
        if (iy < 0 || iy >= h) continue;
        const float* xRow = x + ((long)(b * h + iy) * w) * c;
        for (int kw = 0; kw < fw; kw++) {
          int lo = firstValid(kw, pl, sw), hi = endValid(kw, pl, sw, w, ow);
          if (lo >= hi) continue;
          float* dwTap = dw + (kh * fw + kw) * c;
          int ch = 0;
          for (; ch < c16; ch += 16) {
            v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
            for (int o = lo; o < hi; o++) {
              const float* xp = xRow + (o * sw + kw - pl) * c + ch;
              const float* gp = dyRow + o * c + ch;
              a0 = fma4(a0, ld(xp), ld(gp));
              a1 = fma4(a1, ld(xp + 4), ld(gp + 4));
              a2 = fma4(a2, ld(xp + 8), ld(gp + 8));
              a3 = fma4(a3, ld(xp + 12), ld(gp + 12));
            }
            st(dwTap + ch, wasm_f32x4_add(ld(dwTap + ch), a0));
            st(dwTap + ch + 4, wasm_f32x4_add(ld(dwTap + ch + 4), a1));
            st(dwTap + ch + 8, wasm_f32x4_add(ld(dwTap + ch + 8), a2));
            st(dwTap + ch + 12, wasm_f32x4_add(ld(dwTap + ch + 12), a3));
          }
          for (; ch < c4; ch += 4) {
            v128_t a0 = wasm_f32x4_splat(0);
            for (int o = lo; o < hi; o++) a0 = fma4(a0, ld(xRow + (o * sw + kw - pl) * c + ch), ld(dyRow + o * c + ch));
            st(dwTap + ch, wasm_f32x4_add(ld(dwTap + ch), a0));
          }
          for (; ch < c; ch++) {
            float a = 0;
            for (int o = lo; o < hi; o++) a += xRow[(o * sw + kw - pl) * c + ch] * dyRow[o * c + ch];
            dwTap[ch] += a;
          }
        }
      }
    }
  }
}

/*
 * dx[n,iy,ix,c] = sum over taps (kh,kw) with iy = oy*sh+kh-pt, ix = ox*sw+kw-pl of
 * dy[n,oy,ox,c] * w[kh,kw,c]. Gather form: each dx element is written once, 16 channels at a time
 * accumulated in registers. Only taps of the right phase are visited: kh = (iy+pt) mod sh, then
 * every sh-th, within the range that keeps oy in [0, oh) (likewise kw).
 */
EXPORT(depthwise_input_grad)
void depthwise_input_grad(const float* restrict dy, const float* restrict wt, float* restrict dx,
                          int n, int h, int w, int c, int oh, int ow,
                          int fh, int fw, int sh, int sw, int pt, int pl) {
  int c16 = c & ~15, c4 = c & ~3;
  for (int b = 0; b < n; b++) {
    for (int iy = 0; iy < h; iy++) {
      int ty = iy + pt;
      int khStart = ty % sh, khLast = ty < fh - 1 ? ty : fh - 1;
      if (ty - (oh - 1) * sh > khStart) khStart = ty - (oh - 1) * sh;
      for (int ix = 0; ix < w; ix++) {
        int tx = ix + pl;
        int kwStart = tx % sw, kwLast = tx < fw - 1 ? tx : fw - 1;
        if (tx - (ow - 1) * sw > kwStart) kwStart = tx - (ow - 1) * sw;
        float* out = dx + ((b * h + iy) * w + ix) * c;
        int ch = 0;
        for (; ch < c16; ch += 16) {
          v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
          for (int kh = khStart; kh <= khLast; kh += sh) {
            const float* gRow = dy + ((b * oh + (ty - kh) / sh) * ow) * c + ch;
            for (int kw = kwStart; kw <= kwLast; kw += sw) {
              const float* gp = gRow + ((tx - kw) / sw) * c;
              const float* wp = wt + (kh * fw + kw) * c + ch;
              a0 = fma4(a0, ld(gp), ld(wp));
              a1 = fma4(a1, ld(gp + 4), ld(wp + 4));
              a2 = fma4(a2, ld(gp + 8), ld(wp + 8));
              a3 = fma4(a3, ld(gp + 12), ld(wp + 12));
            }
          }
          st(out + ch, a0); st(out + ch + 4, a1); st(out + ch + 8, a2); st(out + ch + 12, a3);
        }
        for (; ch < c4; ch += 4) {
          v128_t a0 = wasm_f32x4_splat(0);
          for (int kh = khStart; kh <= khLast; kh += sh) {
            const float* gRow = dy + ((b * oh + (ty - kh) / sh) * ow) * c + ch;
            for (int kw = kwStart; kw <= kwLast; kw += sw)
              a0 = fma4(a0, ld(gRow + ((tx - kw) / sw) * c), ld(wt + (kh * fw + kw) * c + ch));
          }
          st(out + ch, a0);
        }
        for (; ch < c; ch++) {
          float a = 0;
          for (int kh = khStart; kh <= khLast; kh += sh) {
            const float* gRow = dy + ((b * oh + (ty - kh) / sh) * ow) * c + ch;
            for (int kw = kwStart; kw <= kwLast; kw += sw)
              a += gRow[((tx - kw) / sw) * c] * wt[(kh * fw + kw) * c + ch];
          }
          out[ch] = a;
        }
      }
    }
  }
}

/* out[j] = scale * sum over r of x[r*cols + j]: a reduction over all leading axes. */
EXPORT(sum_rows)
void sum_rows(const float* restrict x, float* restrict out, int rows, int cols, float scale) {
  for (int j = 0; j < cols; j++) out[j] = 0.0f;
  for (int r = 0; r < rows; r++) {
    const float* row = x + (long)r * cols;
    for (int j = 0; j < cols; j++) out[j] += row[j];
  }
  for (int j = 0; j < cols; j++) out[j] *= scale;
}

/* Gradient of clip(x, lo, hi): dy where lo <= x <= hi, else 0. */
EXPORT(clip_grad)
void clip_grad(const float* restrict x, const float* restrict dy, float* restrict out, int size, float lo, float hi) {
  /* Explicit SIMD: written as a conditional, clang keeps a branch per element (it may not load
     dy[i] speculatively); a mask and an AND have no branch. */
  v128_t vlo = wasm_f32x4_splat(lo), vhi = wasm_f32x4_splat(hi);
  int i = 0;
  for (; i + 4 <= size; i += 4) {
    v128_t v = ld(x + i);
    v128_t inside = wasm_v128_and(wasm_f32x4_ge(v, vlo), wasm_f32x4_le(v, vhi));
    st(out + i, wasm_v128_and(ld(dy + i), inside));
  }
  for (; i < size; i++) {
    float v = x[i];
    out[i] = (v >= lo && v <= hi) ? dy[i] : 0.0f;
  }
}

/* out[r,j] = x[r,j] * a[j] + (b ? b[j] : 0): batch-norm's per-channel affine map. */
EXPORT(channel_affine)
void channel_affine(const float* restrict x, const float* restrict a, const float* restrict b, int hasB, float* restrict out, int rows, int cols) {
  for (int r = 0; r < rows; r++) {
    const float* row = x + (long)r * cols;
    float* o = out + (long)r * cols;
    if (hasB) {
      for (int j = 0; j < cols; j++) o[j] = row[j] * a[j] + b[j];
    } else {
      for (int j = 0; j < cols; j++) o[j] = row[j] * a[j];
    }
  }
}

/* out[j] = sum over r of (x[r,j] - shift[j]) * y[r,j]: batch-norm's gradient reduction. */
EXPORT(centered_dot_rows)
void centered_dot_rows(const float* restrict x, const float* restrict shift, const float* restrict y, float* restrict out, int rows, int cols) {
  for (int j = 0; j < cols; j++) out[j] = 0.0f;
  for (int r = 0; r < rows; r++) {
    const float* xr = x + (long)r * cols;
    const float* yr = y + (long)r * cols;
    for (int j = 0; j < cols; j++) out[j] += (xr[j] - shift[j]) * yr[j];
  }
}

/*
 * dW[kh,kw,i,j] = sum over n,oy,ox of x[n, oy*sh+kh-pt, ox*sw+kw-pl, i] * dy[n,oy,ox,j].
 * Rank-1 updates of each tap's [ci x co] block, four output positions at a time so each dW
 * vector is loaded and stored once per four products; dW (taps*ci*co floats) should fit in cache,
 * which is why the caller uses this only for small filters (1x1 and thin stems).
 */
EXPORT(conv_filter_grad)
void conv_filter_grad(const float* restrict x, const float* restrict dy, float* restrict dw,
                      int n, int h, int w, int ci, int co, int oh, int ow,
                      int fh, int fw, int sh, int sw, int pt, int pl) {
  for (int i = 0; i < fh * fw * ci * co; i++) dw[i] = 0.0f;
  int co4 = co & ~3;
  for (int b = 0; b < n; b++) {
    for (int y = 0; y < oh; y++) {
      const float* dyRow = dy + ((long)(b * oh + y) * ow) * co;
      for (int kh = 0; kh < fh; kh++) {
        int iy = y * sh + kh - pt;
        if (iy < 0 || iy >= h) continue;
        const float* xRow = x + ((long)(b * h + iy) * w) * ci;
        for (int kw = 0; kw < fw; kw++) {
          int lo = firstValid(kw, pl, sw), hi = endValid(kw, pl, sw, w, ow);
          float* dwTap = dw + (long)(kh * fw + kw) * ci * co;
          int o = lo;
          for (; o + 4 <= hi; o += 4) {
            const float* x0 = xRow + (o * sw + kw - pl) * ci;
            const float* x1 = x0 + sw * ci;
            const float* x2 = x1 + sw * ci;
            const float* x3 = x2 + sw * ci;
            const float* g0 = dyRow + o * co;
            const float* g1 = g0 + co;
            const float* g2 = g1 + co;
            const float* g3 = g2 + co;
            for (int i = 0; i < ci; i++) {
              float* d = dwTap + i * co;
              v128_t s0 = wasm_f32x4_splat(x0[i]), s1 = wasm_f32x4_splat(x1[i]), s2 = wasm_f32x4_splat(x2[i]), s3 = wasm_f32x4_splat(x3[i]);
              int j = 0;
              for (; j < co4; j += 4) {
                v128_t acc = ld(d + j);
                acc = fma4(acc, s0, ld(g0 + j));
                acc = fma4(acc, s1, ld(g1 + j));
                acc = fma4(acc, s2, ld(g2 + j));
                acc = fma4(acc, s3, ld(g3 + j));
                st(d + j, acc);
              }
              for (; j < co; j++) d[j] += x0[i] * g0[j] + x1[i] * g1[j] + x2[i] * g2[j] + x3[i] * g3[j];
            }
          }
          for (; o < hi; o++) {
            const float* x0 = xRow + (o * sw + kw - pl) * ci;
            const float* g0 = dyRow + o * co;
            for (int i = 0; i < ci; i++) {
              float* d = dwTap + i * co;
              v128_t s0 = wasm_f32x4_splat(x0[i]);
              int j = 0;
              for (; j < co4; j += 4) st(d + j, fma4(ld(d + j), s0, ld(g0 + j)));
              for (; j < co; j++) d[j] += x0[i] * g0[j];
            }
          }
        }
      }
    }
  }
}

/*
 * Depthwise convolution (channel multiplier 1): y[n,oy,ox,c] = sum over taps of
 * x[n, oy*sh+kh-pt, ox*sw+kw-pl, c] * w[kh,kw,c]. XNNPACK's wasm build has no fast path for 5x5
 * and 7x7 filters (0.8-2 GMAC/s); 16 channels accumulated in registers per output pixel.
 */
EXPORT(depthwise_forward)
void depthwise_forward(const float* restrict x, const float* restrict wt, float* restrict y,
                       int n, int h, int w, int c, int oh, int ow,
                       int fh, int fw, int sh, int sw, int pt, int pl) {
  int c16 = c & ~15, c4 = c & ~3;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < oh; oy++) {
      int khLo = pt - oy * sh > 0 ? pt - oy * sh : 0;
      int khHi = h + pt - oy * sh < fh ? h + pt - oy * sh : fh;
      for (int ox = 0; ox < ow; ox++) {
        int kwLo = pl - ox * sw > 0 ? pl - ox * sw : 0;
        int kwHi = w + pl - ox * sw < fw ? w + pl - ox * sw : fw;
        float* out = y + ((long)(b * oh + oy) * ow + ox) * c;
        /* May be negative (the top-left tap in the padding): only offsets of valid taps are added to x. */
        int xBase = ((b * h + oy * sh - pt) * w + (ox * sw - pl)) * c;
        int ch = 0;
        for (; ch < c16; ch += 16) {
          v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
          for (int kh = khLo; kh < khHi; kh++) {
            for (int kw = kwLo; kw < kwHi; kw++) {
              const float* xp = x + (xBase + (kh * w + kw) * c + ch);
              const float* wp = wt + (kh * fw + kw) * c + ch;
              a0 = fma4(a0, ld(xp), ld(wp));
              a1 = fma4(a1, ld(xp + 4), ld(wp + 4));
              a2 = fma4(a2, ld(xp + 8), ld(wp + 8));
              a3 = fma4(a3, ld(xp + 12), ld(wp + 12));
            }
          }
          st(out + ch, a0); st(out + ch + 4, a1); st(out + ch + 8, a2); st(out + ch + 12, a3);
        }
        for (; ch < c4; ch += 4) {
          v128_t a0 = wasm_f32x4_splat(0);
          for (int kh = khLo; kh < khHi; kh++)
            for (int kw = kwLo; kw < kwHi; kw++)
              a0 = fma4(a0, ld(x + (xBase + (kh * w + kw) * c + ch)), ld(wt + (kh * fw + kw) * c + ch));
          st(out + ch, a0);
        }
        for (; ch < c; ch++) {
          float a = 0;
          for (int kh = khLo; kh < khHi; kh++)
            for (int kw = kwLo; kw < kwHi; kw++)
              a += x[xBase + (kh * w + kw) * c + ch] * wt[(kh * fw + kw) * c + ch];
          out[ch] = a;
        }
      }
    }
  }
}

/* Gradient of relu: dy where x > 0, else 0 (NaN x gives 0). */
EXPORT(relu_grad)
void relu_grad(const float* restrict x, const float* restrict dy, float* restrict out, int size) {
  v128_t zero = wasm_f32x4_splat(0);
  int i = 0;
  for (; i + 4 <= size; i += 4) st(out + i, wasm_v128_and(ld(dy + i), wasm_f32x4_gt(ld(x + i), zero)));
  for (; i < size; i++) out[i] = x[i] > 0 ? dy[i] : 0.0f;
}
