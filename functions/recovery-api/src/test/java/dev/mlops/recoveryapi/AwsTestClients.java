package dev.mlops.recoveryapi;

import dev.mlops.testsupport.AwsEmulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A plain S3 client on the emulator: the "hand" that damages objects behind the backend's back. */
final class AwsTestClients {

    private static S3Client s3;

    private AwsTestClients() {
    }

    static synchronized S3Client s3() {
        if (s3 == null) {
            AwsEmulator aws = AwsEmulator.get();
            s3 = S3Client.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                    .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKey(),
                            aws.secretKey()))).build();
        }
        return s3;
    }
}
