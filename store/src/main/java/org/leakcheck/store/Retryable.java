package org.leakcheck.store;

import java.io.IOException;
import java.io.UncheckedIOException;

import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/** Which write failures are worth another attempt: the transient ones. */
final class Retryable {

    private Retryable() {
    }

    /**
     * Throttling, 5xx and connection or timeout failures are transient. Validation errors, a
     * missing table, bad credentials and interrupts are not: retrying them only delays the error.
     */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof ProvisionedThroughputExceededException
                || failure instanceof RequestLimitExceededException) {
            return true;
        }
        if (failure instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        if (failure instanceof AbortedException) {
            return false;
        }
        if (failure instanceof ApiCallAttemptTimeoutException || failure instanceof ApiCallTimeoutException) {
            return true;
        }
        if (failure instanceof SdkClientException) {
            for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                    return true;
                }
            }
        }
        return false;
    }
}
