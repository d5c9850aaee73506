// Exact hypervolume of a set of minimisation points against a reference point: the volume of
// the region dominated by the points and bounded by the reference. Efficient for 2 objectives
// (a sweep, O(N log N)) and 3 (slices along the last axis, O(N^2 log N)); higher dimensions use
// the same slicing recursively (exact, exponential in the dimension).

export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const d = reference.length;
  for (const p of points) {
    if (p.length !== d) throw new RangeError(`hypervolume: a point has ${p.length} values, the reference has ${d}`);
  }
  // Only points strictly better than the reference in every objective contribute.
  const inside = points.filter((p) => p.every((v, i) => v < reference[i]));
  if (inside.length === 0 || d === 0) return 0;
  return slices(inside, reference, d);
}

function slices(points: readonly (readonly number[])[], ref: readonly number[], d: number): number {
  if (d === 1) return ref[0] - Math.min(...points.map((p) => p[0]));
  if (d === 2) return sweep2d(points, ref);
  // Sort by the last axis; between consecutive values the cross-section is the (d-1)-volume
  // of the points seen so far.
  const axis = d - 1;
  const sorted = [...points].sort((a, b) => a[axis] - b[axis]);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = i + 1 < sorted.length ? sorted[i + 1][axis] : ref[axis];
    const height = top - sorted[i][axis];
    if (height <= 0) continue;
    volume += slices(sorted.slice(0, i + 1), ref, d - 1) * height;
  }
  return volume;
}

function sweep2d(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let bestY = ref[1];
  for (const p of sorted) {
    if (p[1] < bestY) {
      area += (ref[0] - p[0]) * (bestY - p[1]);
      bestY = p[1];
    }
  }
  return area;
}
