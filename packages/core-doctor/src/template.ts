import { fileURLToPath } from 'node:url';

/**
 * The hardened `.gait/config.yaml` template shipped with this package (`templates/`). Both the
 * sources (`src/`) and the build (`dist/`) sit one folder below the package root.
 */
export const OSS_PROD_TEMPLATE_PATH = fileURLToPath(new URL('../templates/oss_prod_template.yaml', import.meta.url));
