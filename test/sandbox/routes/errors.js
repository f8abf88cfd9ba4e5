// @ts-check
/** A Clerk error envelope to send: type is one of Clerk's four (or RateLimitError for 429). */
class ClerkError extends Error {
	/**
	 * @param {string} type
	 * @param {string} message
	 * @param {number} [httpStatus]
	 */
	constructor(type, message, httpStatus) {
		super(message);
		this.type = type;
		this.httpStatus = httpStatus;
	}
}

const missing = (name) => new ClerkError('ParsingError', `Missing Argument ${name}`);
const invalid = (name, why) =>
	new ClerkError('ParsingError', `Invalid Syntax In Argument: ${name}${why ? ` (${why})` : ''}`);

module.exports = { ClerkError, missing, invalid };
