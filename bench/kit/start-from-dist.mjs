// Starts Switchboard from the build, as the installed `switchboard` bin does: tsx registered for the
// configuration and plugins (which may be TypeScript), the CLI itself from dist/.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../../dist/src/main.js', import.meta.url).href);
