// The workflow announces, the features listen: the engine refuses to run before the
// listeners are registered, and registering them gives every event its listeners.
import { describe, expect, it } from "vitest";
import { announce, registered } from "../../src/core/workflow/events.js";

describe("the workflow's listeners", () => {
  it("when the features are not wired then announcing an event refuses to run", async () => {
    const tx = {} as never;
    await expect(announce(tx, { type: "RowEntered", case: {} as never, row: 2, today: "2026-12-07", now: new Date() })).rejects.toThrow(/wireFeatures/);
  });

  it("when the features are wired then each event, check and after-commit step has the features' listeners, once each", async () => {
    const { wireFeatures } = await import("../../src/wiring.js");
    wireFeatures();
    wireFeatures();
    expect(registered()).toEqual({
      events: {
        RowEntered: ["tkksd.agenda"],
        NumberRequested: ["numbering.allocate"],
        NumberGiven: ["agreements.register", "copies.owe", "webhooks.numbered"],
        CaseTransitioned: ["notifications.transition", "webhooks.transitioned"],
      },
      guards: ["gates.signable", "srikandi.number"],
      preflights: ["copies.stampable"],
      afterCommits: ["copies.make"],
    });
  });
});
