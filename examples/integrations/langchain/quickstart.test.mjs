import { describeQuickstart } from '../scenario-checks.mjs';
import { runScenario } from './quickstart.mjs';

describeQuickstart('langchain', runScenario, new URL('./quickstart.mjs', import.meta.url));
