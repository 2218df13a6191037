#!/usr/bin/env node
import { startCli } from './start-cli.js';

startCli();
