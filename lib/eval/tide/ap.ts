// TIDE's AP (tidecv ap.py: APDataObject, ClassedAPDataObject), in percent. Not COCOeval's: one IoU
// threshold, recall points i / 100, plain sequential sums, and a class with detections but no GT
// counts as AP 0 in the mean.

/**
 * Scores enter as dense descending ranks (0 = the highest score of the run, equal scores equal ranks):
 * sorting by rank is sorting by score, and a typed-array sort of rank * 2^26 + insertion index is the
 * stable sort TIDE does (Python's list.sort).
 */
const INSERTION_BITS = 2 ** 26;

/** One class's scored detections, in insertion order (ties keep it), and its number of GT. */
export class ClassPoints {
  ids = new Int32Array(16);
  ranks = new Int32Array(16);
  correct = new Uint8Array(16);
  n = 0;
  numGt = 0;

  /** data_points[id] = (score, correct): ids are never pushed twice to one class here. */
  push(id: number, rank: number, correct: boolean): void {
    if (this.n === this.ids.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(2 * a.length);
        b.set(a);
        return b;
      };
      this.ids = grow(this.ids, (n) => new Int32Array(n));
      this.ranks = grow(this.ranks, (n) => new Int32Array(n));
      this.correct = grow(this.correct, (n) => new Uint8Array(n));
    }
    this.ids[this.n] = id;
    this.ranks[this.n] = rank;
    this.correct[this.n] = correct ? 1 : 0;
    this.n++;
  }

  isEmpty(): boolean {
    return this.n === 0 && this.numGt === 0;
  }

  /** get_ap: 0 without GT; else the 101-point interpolated AP of the stable descending-score ranking, x 100. */
  ap(): number {
    if (this.numGt === 0) return 0;
    const n = this.n;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = this.ranks[i] * INSERTION_BITS + i;
    keys.sort();
    const precision = new Float64Array(n);
    const recall = new Float64Array(n);
    let tp = 0,
      fp = 0;
    for (let i = 0; i < n; i++) {
      if (this.correct[keys[i] % INSERTION_BITS]) tp++;
      else fp++;
      precision[i] = tp / (tp + fp);
      recall[i] = tp / this.numGt;
    }
    for (let i = n - 1; i > 0; i--) if (precision[i] > precision[i - 1]) precision[i - 1] = precision[i];
    // np.searchsorted(recalls, [x / 100 for x in range(101)], side='left'), then a sequential sum.
    let sum = 0;
    let j = 0;
    for (let bar = 0; bar <= 100; bar++) {
      const x = bar / 100;
      while (j < n && recall[j] < x) j++;
      if (j < n) sum += precision[j];
    }
    return (sum / 101) * 100;
  }
}

/** Per class, in the order classes were first touched (a Python defaultdict). */
export class ClassedPoints {
  classes = new Map<number, ClassPoints>();

  of(classId: number): ClassPoints {
    let points = this.classes.get(classId);
    if (!points) this.classes.set(classId, (points = new ClassPoints()));
    return points;
  }

  /** get_mAP: the mean AP of the non-empty classes (sequential sum), -1 if there is none. */
  meanAp(): number {
    let sum = 0,
      n = 0;
    for (const points of this.classes.values()) {
      if (points.isEmpty()) continue;
      sum += points.ap();
      n++;
    }
    return n === 0 ? -1 : sum / n;
  }
}
