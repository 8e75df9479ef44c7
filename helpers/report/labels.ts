import * as allure from "allure-js-commons";

/** Where a lab sits in the course; carried into the report as epic / feature / story and a lab-ID label. */
export interface LabIdentity {
  id: string;
  project: string;
  module: string;
  title: string;
}

export const LAB_ID_LABEL = "labId";
/** A part of a lab reported on its own, such as "UI": what only Argo CD's web UI can show. */
export const LAB_PART_LABEL = "labPart";

export async function labelLab(lab: LabIdentity): Promise<void> {
  await allure.epic(lab.project);
  await allure.feature(lab.module);
  await allure.story(lab.title);
  await allure.label(LAB_ID_LABEL, lab.id);
  await allure.tag(lab.id);
}

/** A lab's part with a verdict of its own (its UI part is "not verified" where no UI can be seen). */
export async function labelLabPart(lab: LabIdentity, part: string): Promise<void> {
  await labelLab(lab);
  await allure.label(LAB_PART_LABEL, part);
}

/** What a negative control switched off: its result carries it, so a lab's page can find its controls. */
export const CONTROL_LABEL = "control";

/**
 * A negative control: beside its lab in the report (same project, module and lab), since what
 * happens with the mechanism switched off is the counterfactual to the lab's evidence.
 */
export async function labelControl(lab: LabIdentity, switchedOff: string): Promise<void> {
  await labelLab(lab);
  await allure.label(CONTROL_LABEL, switchedOff);
  await allure.tag("negative control");
}
