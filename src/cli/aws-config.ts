/**
 * The `region` of a profile in the AWS shared config file, read as the AWS CLI reads it
 * ("Configuration and credential file settings in the AWS CLI"): the file is $AWS_CONFIG_FILE or
 * ~/.aws/config; the default profile is the `[default]` section, a named one `[profile <name>]`;
 * the profile is --profile, else $AWS_PROFILE, else `default`.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function configFilePath(env: NodeJS.ProcessEnv): string {
  return env.AWS_CONFIG_FILE || join(env.HOME || homedir(), '.aws', 'config');
}

/** Section titles that name `profile`, the first one found winning. */
function sectionTitles(profile: string): string[] {
  return profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
}

/**
 * The top-level `key = value` settings of each section. Indented lines continue a nested setting
 * (`s3 =` followed by its sub-settings) and are skipped; `#` and `;` start comment lines.
 */
export function parseIniSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s/.test(raw) || raw.trim() === '' || /^[#;]/.test(raw)) continue;
    const title = /^\[\s*([^\]]+?)\s*\]/.exec(raw);
    if (title) {
      const name = title[1]!.replace(/\s+/g, ' ');
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    const setting = /^([^=]+?)\s*=\s*(.*?)\s*$/.exec(raw);
    if (setting && current) current.set(setting[1]!.trim().toLowerCase(), setting[2]!);
  }
  return sections;
}

/** The profile's configured region, or undefined when the file, the profile or its `region` is missing. */
export function profileRegion(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let text: string;
  try {
    text = readFileSync(configFilePath(env), 'utf8');
  } catch {
    return undefined;
  }
  const sections = parseIniSections(text);
  const name = profile ?? (env.AWS_PROFILE || 'default');
  for (const title of sectionTitles(name)) {
    const region = sections.get(title)?.get('region');
    if (region) return region;
  }
  return undefined;
}
