/** A string for every language, or a map from BCP 47 language tag to string. */
export type LocalizedText = string | Readonly<Record<string, string>>;
