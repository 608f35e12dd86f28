// xlkpi: the KPI tab's buttons (manifest.xml) run the custom scripts of the same name.
// Overrides xlwings Server's static/js/ribbon.js; Office.actions.associate binds each
// <FunctionName> of the manifest to the function that calls the script.
async function runScript(event, scriptName) {
  let authResult =
    typeof globalThis.getAuth === "function"
      ? await globalThis.getAuth()
      : { token: "", provider: "" };
  try {
    await xlwings.runPython({
      auth: authResult.token,
      scriptName: scriptName,
      headers: { "Auth-Provider": authResult.provider },
    });
  } finally {
    event.completed();
  }
}
Office.actions.associate("xlkpi-build-report", (event) =>
  runScript(event, "build_kpi_report"),
);
Office.actions.associate("xlkpi-check-data", (event) => runScript(event, "check_data"));
