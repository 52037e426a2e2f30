// epubcheck over many EPUBs in one JVM (its start is most of a single run's 5-10 s), for
// bench/pandoc_corpus.py: `java -cp epubcheck.jar EpubcheckBatch.java A.epub B.epub …`.
// Prints each book's messages, then "RESULT<TAB>file<TAB>fatals<TAB>errors<TAB>warnings".
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubcheckBatch {
    public static void main(String[] args) {
        System.setErr(System.out);  // the messages in order with their book's RESULT line
        for (String name : args) {
            DefaultReportImpl report = new DefaultReportImpl(name);
            new EpubCheck(new File(name), report).doValidate();
            System.out.println("RESULT\t" + name + "\t" + report.getFatalErrorCount() + "\t"
                + report.getErrorCount() + "\t" + report.getWarningCount());
        }
    }
}
