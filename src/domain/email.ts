/**
 * What Frontdesk takes as an email address: something@domain.tld without spaces. Deliberately
 * loose: Cal.com and the mail server decide deliverability; this only catches what a caller or
 * an LLM got plainly wrong ("at gmail dot com", a name, a phone number).
 */
export const isEmailAddress = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
