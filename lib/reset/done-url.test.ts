import { describe, expect, it } from "vitest";
import { doneUrlOf } from "./done-url";

describe("the done page's address after a reset", () => {
  it("names the application and the interrupted sign-in, only as ids the page looks up", () => {
    expect(doneUrlOf({ clientId: null, interactionUid: null })).toBe("/reset/done");
    expect(doneUrlOf({ clientId: "app-1", interactionUid: null })).toBe("/reset/done?client_id=app-1");
    expect(doneUrlOf({ clientId: "app-1", interactionUid: "Ab_c-1" })).toBe("/reset/done?client_id=app-1&interaction=Ab_c-1");
    // An interaction id that is not one the provider makes is dropped, never passed on.
    expect(doneUrlOf({ clientId: "app-1", interactionUid: "../admin" })).toBe("/reset/done?client_id=app-1");
  });
});
