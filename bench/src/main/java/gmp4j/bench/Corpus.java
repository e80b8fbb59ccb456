/*
 * Corpus: real libraries from Maven Central doing ordinary work, to show what preemption checks
 * cost in code nobody here wrote (issue 15). The library classes are application classes, so under
 * preempt=full the agent instruments them as it would in any app. Each workload runs on a virtual
 * thread: every arm's @Fork passes -Djmh.executor=VIRTUAL, so JMH's benchmark thread itself is a
 * virtual thread (on the JDK's pool without the agent, on gmp4j with it), and setUp fails the run
 * if it is not.
 *   jsoupParseSelect  jsoup 1.16: parse a ~200 KB generated HTML page, CSS select, sum the texts
 *   jacksonRoundTrip  Jackson 2.20 databind: 500 orders (records, nested lists) to JSON and back
 *   xzRoundTrip       xz-java 1.10: LZMA2 (preset 1) compress and decompress 256 KB of text
 *   bcSha256          BouncyCastle 1.81: SHA-256 of 1 MiB
 *   bcAesGcm          BouncyCastle 1.81: AES-128/GCM encryption of 256 KiB
 *   mathLuSolve       commons-math3 3.6.1: LU decomposition of a 200x200 matrix and a solve
 *   mathMultiply      commons-math3 3.6.1: product of two 150x150 matrices
 *   luceneQuery       Lucene 10.3: term, boolean, phrase and range queries (top 10) on 20,000
 *                     documents indexed in a ByteBuffersDirectory
 *   luceneIndex       Lucene 10.3: index 500 documents into a fresh ByteBuffersDirectory
 *   h2Query           H2 2.3 in-memory: a GROUP BY over 20,000 rows and 50 indexed lookups
 * Warm-up is long (20 x 2 s) because these are large code bases: on two cores the JIT needs many
 * seconds to settle, and a ratio taken before it has is a ratio of compile queues. Check with
 * `-prof comp` that compilation time in the measured iterations is about zero (bench/RESULTS.md).
 * Arms (Arms): CorpusNoAgent, CorpusAgentOff, CorpusAgentFull.
 */
package gmp4j.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public abstract class Corpus extends Arms {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** The vocabulary of the generated texts: skewed, so that some terms are common and some rare. */
    private String[] words;
    String html;
    List<Order> orders;
    byte[] text;
    byte[] mebibyte;
    byte[] aesKey;
    RealMatrix lu;
    RealVector rhs;
    RealMatrix left;
    RealMatrix right;
    private ByteBuffersDirectory luceneDir;
    private DirectoryReader luceneReader;
    IndexSearcher searcher;
    List<Query> queries;
    Connection db;

    Corpus(String arm) {
        super(arm);
    }

    public record Item(String sku, int qty, double price) {}

    public record Order(long id, String customer, List<Item> items, List<String> tags) {}

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (!Boolean.getBoolean("gmp4j.bench.inProcess") && !Thread.currentThread().isVirtual()) {
            throw new IllegalStateException(getClass().getSimpleName() + " must run on a virtual thread (-Djmh.executor=VIRTUAL)");
        }
        Random r = new Random(42);
        words = new String[2000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = 0, n = 3 + r.nextInt(6); k < n; k++) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            words[i] = w.toString();
        }
        html = html(r);
        orders = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            List<Item> items = new ArrayList<>();
            for (int k = 0, n = 1 + r.nextInt(5); k < n; k++) {
                items.add(new Item("SKU-" + r.nextInt(100_000), 1 + r.nextInt(9), r.nextInt(100_000) / 100.0));
            }
            orders.add(new Order(i, "customer-" + r.nextInt(1000), items, List.of(word(r), word(r))));
        }
        text = sentences(r, 256 * 1024).getBytes(StandardCharsets.UTF_8);
        mebibyte = new byte[1 << 20];
        r.nextBytes(mebibyte);
        aesKey = new byte[16];
        r.nextBytes(aesKey);
        lu = randomMatrix(r, 200);
        rhs = new ArrayRealVector(200);
        for (int i = 0; i < 200; i++) {
            rhs.setEntry(i, r.nextDouble());
        }
        left = randomMatrix(r, 150);
        right = randomMatrix(r, 150);
        luceneDir = new ByteBuffersDirectory();
        index(luceneDir, r, 20_000);
        luceneReader = DirectoryReader.open(luceneDir);
        searcher = new IndexSearcher(luceneReader);
        queries = List.of(new TermQuery(new Term("body", words[0])), new TermQuery(new Term("body", words[500])),
                new BooleanQuery.Builder().add(new TermQuery(new Term("body", words[1])), BooleanClause.Occur.MUST)
                        .add(new TermQuery(new Term("body", words[2])), BooleanClause.Occur.MUST).build(),
                new BooleanQuery.Builder().add(new TermQuery(new Term("body", words[3])), BooleanClause.Occur.SHOULD)
                        .add(new TermQuery(new Term("body", words[40])), BooleanClause.Occur.SHOULD)
                        .add(new TermQuery(new Term("title", words[5])), BooleanClause.Occur.SHOULD).build(),
                new PhraseQuery(1, "body", words[0], words[1]),
                new BooleanQuery.Builder().add(IntPoint.newRangeQuery("year", 1990, 2005), BooleanClause.Occur.FILTER)
                        .add(new TermQuery(new Term("body", words[4])), BooleanClause.Occur.MUST).build());
        db = DriverManager.getConnection("jdbc:h2:mem:corpus" + DATABASES.incrementAndGet());
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE orders(id INT PRIMARY KEY, customer INT, amount DOUBLE, region VARCHAR(16))");
            s.execute("CREATE INDEX orders_customer ON orders(customer)");
        }
        try (PreparedStatement p = db.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 20_000; i++) {
                p.setInt(1, i);
                p.setInt(2, r.nextInt(2000));
                p.setDouble(3, r.nextInt(100_000) / 100.0);
                p.setString(4, "region-" + r.nextInt(12));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        db.close();
        luceneReader.close();
        luceneDir.close();
    }

    /** A word drawn with a skew towards the start of the vocabulary. */
    private String word(Random r) {
        double u = r.nextDouble();
        return words[(int) (u * u * u * words.length)];
    }

    private String sentences(Random r, int chars) {
        StringBuilder sb = new StringBuilder(chars + 64);
        while (sb.length() < chars) {
            for (int k = 0, n = 4 + r.nextInt(12); k < n; k++) {
                sb.append(k == 0 ? "" : " ").append(word(r));
            }
            sb.append(". ");
        }
        return sb.toString();
    }

    private String html(Random r) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><title>Corpus</title></head><body><nav>");
        for (int i = 0; i < 50; i++) {
            sb.append("<a href=\"/nav/").append(i).append("\">").append(word(r)).append("</a> ");
        }
        sb.append("</nav><main>");
        for (int i = 0; i < 400; i++) {
            sb.append("<div class=\"item").append(i % 3 == 0 ? " featured" : "").append("\" id=\"item-").append(i)
                    .append("\"><h2>").append(word(r)).append(' ').append(word(r)).append("</h2><p>")
                    .append(sentences(r, 200)).append("</p><a href=\"/item/").append(i).append("\">more</a></div>\n");
        }
        sb.append("<table>");
        for (int i = 0; i < 300; i++) {
            sb.append("<tr>");
            for (int k = 0; k < 5; k++) {
                sb.append("<td>").append(r.nextInt(10_000)).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</table></main></body></html>").toString();
    }

    private static RealMatrix randomMatrix(Random r, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = r.nextDouble() + (i == j ? n : 0); // diagonally dominant: well conditioned
            }
        }
        return new Array2DRowRealMatrix(m, false);
    }

    private void index(ByteBuffersDirectory dir, Random r, int docs) throws IOException {
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()))) {
            for (int i = 0; i < docs; i++) {
                Document d = new Document();
                d.add(new StringField("id", Integer.toString(i), Field.Store.YES));
                d.add(new TextField("title", word(r) + " " + word(r), Field.Store.YES));
                d.add(new TextField("body", sentences(r, 300), Field.Store.NO));
                d.add(new IntPoint("year", 1970 + r.nextInt(55)));
                w.addDocument(d);
            }
        }
    }

    @Benchmark
    public int jsoupParseSelect() {
        org.jsoup.nodes.Document doc = Jsoup.parse(html);
        int n = 0;
        for (Element e : doc.select("div.item.featured > p")) {
            n += e.text().length();
        }
        return n + doc.select("a[href^=/item/]").size() + doc.select("td").size();
    }

    @Benchmark
    public int jacksonRoundTrip() throws IOException {
        ObjectMapper json = mapper;
        byte[] bytes = json.writeValueAsBytes(orders);
        List<Order> back = json.readValue(bytes, ORDERS);
        int qty = 0;
        for (Order o : back) {
            for (Item i : o.items()) {
                qty += i.qty();
            }
        }
        return qty + bytes.length;
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private static final TypeReference<List<Order>> ORDERS = new TypeReference<>() {};

    @Benchmark
    public int xzRoundTrip() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream(text.length / 2);
        try (XZOutputStream out = new XZOutputStream(packed, new LZMA2Options(1))) {
            out.write(text);
        }
        byte[] unpacked;
        try (XZInputStream in = new XZInputStream(new ByteArrayInputStream(packed.toByteArray()))) {
            unpacked = in.readAllBytes();
        }
        if (unpacked.length != text.length) {
            throw new IllegalStateException("xz round trip lost bytes");
        }
        return packed.size();
    }

    @Benchmark
    public byte[] bcSha256() {
        SHA256Digest d = new SHA256Digest();
        d.update(mebibyte, 0, mebibyte.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] bcAesGcm() throws Exception {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(aesKey), 128, new byte[12]));
        byte[] out = new byte[gcm.getOutputSize(256 * 1024)];
        int n = gcm.processBytes(mebibyte, 0, 256 * 1024, out, 0);
        gcm.doFinal(out, n);
        return out;
    }

    @Benchmark
    public RealVector mathLuSolve() {
        return new LUDecomposition(lu).getSolver().solve(rhs);
    }

    @Benchmark
    public RealMatrix mathMultiply() {
        return left.multiply(right);
    }

    @Benchmark
    public long luceneQuery() throws IOException {
        long hits = 0;
        for (Query q : queries) {
            TopDocs top = searcher.search(q, 10);
            hits += top.totalHits.value();
            for (var sd : top.scoreDocs) {
                hits += sd.doc;
            }
        }
        return hits;
    }

    @Benchmark
    public int luceneIndex() throws IOException {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            index(dir, new Random(7), 500);
            return dir.listAll().length;
        }
    }

    @Benchmark
    public double h2Query() throws SQLException {
        double sum = 0;
        try (PreparedStatement p = db.prepareStatement(
                "SELECT region, COUNT(*), SUM(amount) FROM orders WHERE amount > ? GROUP BY region ORDER BY region")) {
            p.setDouble(1, 250.0);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    sum += rs.getLong(2) + rs.getDouble(3);
                }
            }
        }
        try (PreparedStatement p = db.prepareStatement("SELECT id, amount FROM orders WHERE customer = ?")) {
            for (int c = 0; c < 50; c++) {
                p.setInt(1, c * 37 % 2000);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        sum += rs.getDouble(2);
                    }
                }
            }
        }
        return sum;
    }
}
