package org.leakcheck.function;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

import org.leakcheck.function.http.Cors;
import org.leakcheck.function.http.RequestLog;

/**
 * The HTTP-side settings both handlers share.
 *
 * @param cors the cross-origin policy
 * @param log  the request log (and EMF metrics)
 */
public record HttpSettings(Cors cors, RequestLog log) {

    /**
     * @param allowedOrigin the one origin allowed cross-origin, {@code *}, or empty
     * @param logSink       where the JSON log lines go
     */
    public static HttpSettings of(Optional<String> allowedOrigin, Consumer<String> logSink) {
        return new HttpSettings(new Cors(allowedOrigin), new RequestLog(logSink, Clock.systemUTC()));
    }
}
