/** Where each policy's documentation lives (the README section named after the policy). */
export const POLICY_DOCS_URL = "https://github.com/apigw-lambda-guard/apigw-lambda-guard/blob/main/README.md";
