/** Version of the API (and of its OpenAPI document). */
export const API_VERSION = "0.1.0";
