// `node --import` this to record the AWS SDK clients a process loads (see sdk-load-hooks.mjs).
import { register } from 'node:module';

register('./sdk-load-hooks.mjs', import.meta.url);
