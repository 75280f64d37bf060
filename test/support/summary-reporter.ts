import type { Reporter, TestModule } from 'vitest/node';

/** Ends the run with the plain `Tests: N passed, N failed` line that CI tooling reads, whatever the runner. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    const tail = skipped > 0 ? `, ${skipped.toString()} skipped` : '';
    process.stdout.write(`\nTests: ${passed.toString()} passed, ${failed.toString()} failed${tail}\n`);
  }
}
