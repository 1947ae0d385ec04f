#!/usr/bin/env node
import { CLI_VERSION } from "./index.js";

process.stdout.write(`bqdeploy ${CLI_VERSION}\n`);
