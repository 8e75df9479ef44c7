import * as allure from "allure-js-commons";

/** Where a lab sits in the course; carried into the report as epic / feature / story and a lab-ID label. */
export interface LabIdentity {
  id: string;
  project: string;
  module: string;
  title: string;
}

export const LAB_ID_LABEL = "labId";

export async function labelLab(lab: LabIdentity): Promise<void> {
  await allure.epic(lab.project);
  await allure.feature(lab.module);
  await allure.story(lab.title);
  await allure.label(LAB_ID_LABEL, lab.id);
  await allure.tag(lab.id);
}

/** A negative control: a suite of its own, apart from the labs, still traceable to its lab ID. */
export async function labelControl(lab: LabIdentity, switchedOff: string): Promise<void> {
  await allure.parentSuite("Negative controls");
  await allure.suite(`${lab.id}: ${lab.title}`);
  await allure.subSuite(`switched off: ${switchedOff}`);
  await allure.label(LAB_ID_LABEL, lab.id);
  await allure.tag("control");
}
