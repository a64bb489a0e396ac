import { gaitVitestConfig } from '../../vitest.shared';

export default gaitVitestConfig();
