/** How much work the expressions of one command may do. */
export interface EvaluationLimits {
  /** Most items in one collection an expression iterates (a `for` domain, a range, a filtered list, a multi-instance input). */
  collectionItems: number;
  /** Most units of expression work in one command: an item iterated or a user-defined FEEL function called is one unit. */
  steps: number;
}

export const DEFAULT_EVALUATION_LIMITS: EvaluationLimits = { collectionItems: 1_000, steps: 20_000 };

/** Thrown from inside an evaluation when it would exceed its limits; the caller reports `EVALUATION_LIMIT`. */
export class EvaluationLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationLimitError';
  }
}

/** Counts the expression work of one command against its limits. Once exceeded, it stays exceeded. */
export class EvaluationBudget {
  private used = 0;

  constructor(readonly limits: EvaluationLimits = DEFAULT_EVALUATION_LIMITS) {}

  /** A collection of `count` items is about to be iterated. */
  items(count: number, what: string): void {
    if (count > this.limits.collectionItems) {
      throw new EvaluationLimitError(
        `${what} has ${count} items, more than the ${this.limits.collectionItems} allowed`,
      );
    }
    this.step(count);
  }

  step(units = 1): void {
    this.used += units;
    if (this.used > this.limits.steps) {
      throw new EvaluationLimitError(`expressions did more than ${this.limits.steps} steps of work in one command`);
    }
  }
}
