import * as allure from "allure-js-commons";

/**
 * Runs `body` as an Allure step named after what it does. Every helper action
 * goes through here so the report reads as the lab: one step per action, with
 * its transcript attached inside it.
 */
export async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  return allure.step(name, body);
}
