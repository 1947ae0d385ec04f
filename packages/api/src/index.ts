// The REST API over core (issue 8).
export const API_VERSION = "0.1.0";
