/**
 * The evaluate function's daily cap per client address (docs/deploy.md, "Limits"): who a request
 * counts against ({@link org.leakcheck.function.cap.ClientResolver}), the day's keyed name of that
 * client ({@link org.leakcheck.function.cap.DailyKeys}), and one conditional DynamoDB update per
 * evaluation in a table of its own ({@link org.leakcheck.function.cap.DynamoCapStore}). No address
 * is stored, logged or kept past its day.
 */
package org.leakcheck.function.cap;
